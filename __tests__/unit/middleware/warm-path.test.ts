import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import middy6 from '@middy/core'
import { getInternal } from '@middy/util'
import middy7 from 'middy-core-7'
import { registry, secret, ssm } from '../../../src/index.js'
import { lambdaContext } from '../helpers.js'
import { resetAll, serveParameters, serveSecrets } from '../mocks.js'

// What a warm invocation does to the objects it is given, counted rather than timed (the
// time itself is measured in bench/): the operations that make V8 copy a hidden class or
// grow a hash table per invocation stay off the warm path. Timings behind these rules, on
// @middy/core 7.9.2: a prototype switch of the hash-table object @middy/core 7.3+ creates
// for request.internal, or ten values added to it, each cost more than the rest of the
// invocation; Object.defineProperties costs ten times a defineProperty per secret.

const API_KEY = 'warm_path_api_key'
type Request = { context: Record<string, unknown>; internal: Record<string, unknown> }
type Major = (...args: never[]) => any

function ordersRegistry() {
  return registry({
    fetch: { ordersUrl: ssm('/orders/prod/endpoint'), ordersKey: secret('orders/prod/api-key') },
    prefetch: false,
    awsClientOptions: { region: 'eu-west-1' },
  })
}

/** A handler that records, per invocation, the request as the middleware after the registry sees it. */
function recordingHandler(middy: Major, before?: (request: Request) => void) {
  const seen: Request[] = []
  const handler = middy()
  if (before) handler.before(before)
  handler
    .use(ordersRegistry())
    .before((request: Request) => {
      seen.push({ context: request.context, internal: request.internal })
    })
    .handler(async () => undefined)
  return { seen, invoke: () => handler({}, lambdaContext()) as Promise<unknown> }
}

/** Calls of Object's property-defining functions made while `run` is pending. */
async function definitionsDuring(run: () => Promise<unknown>) {
  const setPrototypeOf = Object.setPrototypeOf
  const spies = {
    setPrototypeOf: jest.spyOn(Object, 'setPrototypeOf'),
    defineProperty: jest.spyOn(Object, 'defineProperty'),
    defineProperties: jest.spyOn(Object, 'defineProperties'),
  }
  const prototypesBefore = new Map<unknown, unknown>()
  spies.setPrototypeOf.mockImplementation((target: unknown, prototype: object | null) => {
    prototypesBefore.set(target, Object.getPrototypeOf(target))
    return setPrototypeOf(target, prototype)
  })
  try {
    await run()
    return { setPrototypeOf: spies.setPrototypeOf.mock.calls.map(([target]) => ({ target, from: prototypesBefore.get(target) })), spies }
  } finally {
    for (const spy of Object.values(spies)) spy.mockRestore()
  }
}

describe('the warm path', () => {
  beforeEach(() => {
    resetAll()
    serveParameters({ '/orders/prod/endpoint': 'https://orders.example.com' })
    serveSecrets({ 'orders/prod/api-key': API_KEY })
  })
  afterEach(() => {
    jest.restoreAllMocks()
  })

  describe.each([
    ['@middy/core 6', middy6 as Major],
    ['@middy/core 7', middy7 as Major],
  ])('with %s', (_name, middy) => {
    it('gives every context the same prototype, the snapshot’s, so contexts keep one hidden class', async () => {
      const { seen, invoke } = recordingHandler(middy)
      await invoke()
      await invoke()
      await invoke()
      const prototypes = new Set(seen.map(({ context }) => Object.getPrototypeOf(context)))
      expect(prototypes.size).toBe(1)
      expect([...prototypes][0]).not.toBe(Object.prototype)
      expect(seen[2]!.context.ordersKey).toBe(API_KEY)
    })

    it('switches only the prototype of ordinary objects, defines no property by descriptor map, and no secret one by one', async () => {
      const { seen, invoke } = recordingHandler(middy)
      await invoke()
      const warm = await definitionsDuring(invoke)
      const { context } = seen[1]!
      expect(warm.spies.defineProperties).not.toHaveBeenCalled()
      expect(warm.spies.defineProperty.mock.calls.filter(([target]) => target === context || seen.some((request) => request.internal === target))).toEqual([])
      // The context, and (@middy/core 6) request.internal or (7) a copy of the plain values: never a null-prototype object.
      expect(warm.setPrototypeOf.length).toBeLessThanOrEqual(2)
      for (const { from } of warm.setPrototypeOf) expect(from).toBe(Object.prototype)
    })
  })

  describe('with @middy/core 7.3 and later (request.internal created without a prototype)', () => {
    it('gives a request.internal nobody wrote to the plain values as own properties and the secrets inherited from an object without a prototype', async () => {
      const { seen, invoke } = recordingHandler(middy7 as Major)
      await invoke()
      const { internal } = seen[0]!
      expect(Object.keys(internal)).toEqual(['ordersUrl'])
      expect(Object.getOwnPropertyNames(internal)).not.toContain('ordersKey')
      expect(internal.ordersKey).toBe(API_KEY)
      expect(Object.getPrototypeOf(Object.getPrototypeOf(internal))).toBeNull()
      expect('toString' in internal).toBe(false)
      expect(JSON.stringify(internal)).not.toContain(API_KEY)
      expect(inspect(internal, { showHidden: true, depth: 5 })).not.toContain(API_KEY)
      expect(await getInternal(['ordersUrl', 'ordersKey'], seen[0] as never)).toEqual({ ordersUrl: 'https://orders.example.com', ordersKey: API_KEY })
    })

    it('keeps a request.internal an earlier middleware wrote to, adding the values to it, secrets non-enumerable', async () => {
      const earlier: Record<string, unknown>[] = []
      const { seen, invoke } = recordingHandler(middy7 as Major, (request) => {
        request.internal.traceId = 'set before the registry'
        earlier.push(request.internal)
      })
      await invoke()
      await invoke()
      for (const [index, { internal }] of seen.entries()) {
        expect(internal).toBe(earlier[index])
        expect(Object.getPrototypeOf(internal)).toBeNull()
        expect(Object.keys(internal).sort()).toEqual(['ordersUrl', 'traceId'])
        expect(Object.getOwnPropertyDescriptor(internal, 'ordersKey')).toMatchObject({ value: API_KEY, enumerable: false })
      }
    })
  })
})
