import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { clearRegistryCache, type Reference, type RegistryMiddleware, registry, secret, ssm } from '../../../src/index.js'
import { afterBackgroundWork, eventually, gate, getParametersFrom, invoke, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, secretsMock, ssmMock } from '../mocks.js'

const MINUTE = 60_000
const store = { '/orders/endpoint': { Value: 'https://v1.example.com' } }

/** Serves v1 first; the next answer waits for the returned gate, then serves v2. */
function serveV1ThenGatedV2() {
  const held = gate()
  ssmMock
    .on(GetParametersCommand)
    .callsFakeOnce(getParametersFrom(store))
    .callsFake(async (input) => {
      await held.opened
      return getParametersFrom({ '/orders/endpoint': { Value: 'https://v2.example.com' } })(input)
    })
  return held
}

/**
 * Invokes while the refresh is held back and proves the invocation waits for it: it has
 * not settled once the request was sent, and settles with v2 when the gate opens.
 */
async function expectInvocationToWait(orders: RegistryMiddleware<{ url: Reference<string> }>, held: ReturnType<typeof gate>) {
  let settled = false
  const waiting = invoke(orders).then((context) => {
    settled = true
    return context
  })
  await eventually(() => getParametersCalls() === 2)
  expect(settled).toBe(false)
  held.open()
  expect((await waiting).url).toBe('https://v2.example.com')
}

describe('stale-while-revalidate: an expired value is served at once while one refresh runs', () => {
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('serves the cached value without waiting, then the refreshed one', async () => {
    const held = serveV1ThenGatedV2()
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: MINUTE, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(Date.now() + MINUTE)
    // The refresh is held back, yet the invocation completes with the cached value.
    expect((await invoke(orders)).url).toBe('https://v1.example.com')
    expect(await eventually(() => getParametersCalls() === 2)).toBe(true)
    held.open()
    expect(await eventually(() => orders.stats().refreshes === 1)).toBe(true)
    expect((await invoke(orders)).url).toBe('https://v2.example.com')
  })

  it('sends the refresh only once the invocation that noticed the expiry has finished', async () => {
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom(store))
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: MINUTE, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(Date.now() + MINUTE)
    let callsWhenAnswered = -1
    const answered = invoke(orders).then(() => (callsWhenAnswered = getParametersCalls()))
    await answered
    expect(callsWhenAnswered).toBe(1)
    expect(await eventually(() => getParametersCalls() === 2)).toBe(true)
  })

  it('drops a refresh that clearRegistryCache() overtook before it was sent', async () => {
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom(store))
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: MINUTE, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(Date.now() + MINUTE)
    await invoke(orders)
    clearRegistryCache()
    await afterBackgroundWork()
    expect(getParametersCalls()).toBe(1)
    expect(orders.stats().errors).toBe(0)
  })

  it('starts one refresh however many invocations see the expired value', async () => {
    const held = serveV1ThenGatedV2()
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: MINUTE, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(Date.now() + MINUTE)
    const contexts = await Promise.all(Array.from({ length: 64 }, () => invoke(orders)))
    expect(contexts.every((context) => context.url === 'https://v1.example.com')).toBe(true)
    await afterBackgroundWork()
    expect(getParametersCalls()).toBe(2)
    held.open()
  })

  it('refreshes every stale key of a registry in one batched request', async () => {
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/a': { Value: 'a' }, '/b': { Value: 'b' } }))
    const pair = registry({ fetch: { a: ssm('/a'), b: ssm('/b') }, cacheExpiry: MINUTE, ...testOptions() })
    await invoke(pair)
    jest.setSystemTime(Date.now() + MINUTE)
    await invoke(pair)
    await eventually(() => pair.stats().refreshes === 2)
    const calls = ssmMock.commandCalls(GetParametersCommand)
    expect(calls).toHaveLength(2)
    expect(calls[1]!.args[0].input.Names).toEqual(['/a', '/b'])
  })

  it('makes an invocation wait once the value is older than cacheExpiry + maxStale', async () => {
    const held = serveV1ThenGatedV2()
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: MINUTE, maxStale: MINUTE, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(Date.now() + 2 * MINUTE)
    await expectInvocationToWait(orders, held)
  })

  it('lets a reference set its own maxStale', async () => {
    const held = serveV1ThenGatedV2()
    const orders = registry({ fetch: { url: ssm('/orders/endpoint', { maxStale: 0 }) }, cacheExpiry: MINUTE, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(Date.now() + MINUTE)
    await expectInvocationToWait(orders, held)
  })

  it('still fetches on every invocation, and waits, with cacheExpiry 0', async () => {
    const held = serveV1ThenGatedV2()
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: 0, ...testOptions() })
    await invoke(orders)
    await expectInvocationToWait(orders, held)
  })
})

describe('jittered expiry', () => {
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom(store))
  })
  afterEach(() => {
    jest.useRealTimers()
    jest.restoreAllMocks()
  })

  it.each([
    ['0 (full expiry)', 0, 100 * MINUTE - 1, 1],
    ['1 (5 % early)', 1, 95 * MINUTE, 2],
  ])('with a random draw of %s, expires accordingly', async (_label, draw, elapsed, requests) => {
    jest.spyOn(Math, 'random').mockReturnValue(draw)
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: 100 * MINUTE, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(Date.now() + elapsed)
    await invoke(orders)
    await afterBackgroundWork()
    expect(getParametersCalls()).toBe(requests)
  })
})

describe('values fetched together expire together', () => {
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/a': { Value: 'a' } }))
    secretsMock.on(GetSecretValueCommand).resolves({ Name: 'k', SecretString: 'k' })
  })
  afterEach(() => {
    jest.useRealTimers()
    jest.restoreAllMocks()
  })

  it('draws one jitter for a whole fetch, so its keys are refreshed in the same round', async () => {
    // Alternating draws would give each key its own expiry if each drew its own.
    let draw = 0
    jest.spyOn(Math, 'random').mockImplementation(() => (draw++ % 2 === 0 ? 0 : 1))
    const pair = registry({ fetch: { a: ssm('/a'), k: secret('k') }, cacheExpiry: 100 * MINUTE, ...testOptions() })
    await invoke(pair)
    for (const elapsed of [96, 98, 100]) {
      jest.setSystemTime(new Date('2026-01-01T00:00:00Z').getTime() + elapsed * MINUTE)
      await invoke(pair)
      await eventually(() => ssmMock.commandCalls(GetParametersCommand).length === secretsMock.commandCalls(GetSecretValueCommand).length)
      expect(ssmMock.commandCalls(GetParametersCommand).length).toBe(secretsMock.commandCalls(GetSecretValueCommand).length)
    }
  })
})
