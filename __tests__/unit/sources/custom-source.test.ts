/** defineSource(): a registry of the user's own, with every guarantee of the built-in sources. */

import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { clearRegistryCache, defineSource, RegistryError, type RegistryEvent, registry } from '../../../src/index.js'
import { eventually, gate, invoke, invokeFailing } from '../helpers.js'

const MINUTE = 60_000
const options = { prefetch: false } as const

/** A store the source reads, and every call its read() received. */
function vaultOf(values: Record<string, string>, definition: { maxBatch?: number; secret?: boolean } = {}) {
  const calls: string[][] = []
  const read = jest.fn(async (ids: string[]) => {
    calls.push(ids)
    return Object.fromEntries(ids.filter((id) => Object.hasOwn(values, id)).map((id) => [id, values[id]!]))
  })
  return { vault: defineSource({ name: 'vault', read, ...definition }), calls, values, read }
}

beforeEach(() => clearRegistryCache())

describe('a defined source reads in batches', () => {
  it('asks for every due id in one read() call', async () => {
    const { vault, calls } = vaultOf({ a: 'A', b: 'B', c: 'C' })
    const context = await invoke(registry({ fetch: { a: vault('a'), b: vault('b'), c: vault('c') }, ...options }))
    expect([context.a, context.b, context.c]).toEqual(['A', 'B', 'C'])
    expect(calls).toEqual([['a', 'b', 'c']])
  })

  it('splits ids into calls of maxBatch, all sent before any is answered', async () => {
    const answers = gate()
    const calls: string[][] = []
    const vault = defineSource({
      name: 'vault',
      maxBatch: 2,
      read: async (ids) => {
        calls.push(ids)
        await answers.opened
        return Object.fromEntries(ids.map((id) => [id, id.toUpperCase()]))
      },
    })
    const invocation = invoke(registry({ fetch: { a: vault('a'), b: vault('b'), c: vault('c'), d: vault('d'), e: vault('e') }, ...options }))
    expect(await eventually(() => calls.length === 3)).toBe(true)
    answers.open()
    expect((await invocation).e).toBe('E')
    expect(calls).toEqual([['a', 'b'], ['c', 'd'], ['e']])
  })

  it('shares one cache and one read across registries and concurrent invocations', async () => {
    const { vault, calls } = vaultOf({ a: 'A' })
    const first = registry({ fetch: { a: vault('a') }, ...options })
    const second = registry({ fetch: { same: vault('a') }, ...options })
    const contexts = await Promise.all([invoke(first), invoke(first), invoke(second)])
    expect(contexts.map((context) => ('a' in context ? context.a : context.same))).toEqual(['A', 'A', 'A'])
    expect(calls).toEqual([['a']])
  })
})

describe('a defined source reports what it could not read', () => {
  it('fails an id left out of the answer with NotFound, naming the source', async () => {
    const { vault } = vaultOf({})
    const error = await invokeFailing(registry({ fetch: { token: vault('kv/app/token') }, ...options }))
    expect(error.message).toBe('1 registry value could not be resolved: token (vault kv/app/token: NotFound)')
  })

  it('resolves an optional id left out of the answer to undefined', async () => {
    const { vault } = vaultOf({})
    const context = await invoke(registry({ fetch: { token: vault('kv/app/token', { optional: true }) }, ...options }))
    expect(context.token).toBeUndefined()
  })

  it("fails each id of a rejected read() with the error's name, or its code", async () => {
    const denied = defineSource({ name: 'vault', read: async () => Promise.reject(Object.assign(new Error('permission denied'), { name: 'Forbidden' })) })
    const down = defineSource({ name: 'config', read: () => Promise.reject(Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' })) })
    const error = await invokeFailing(registry({ fetch: { a: denied('a'), b: denied('b'), c: down('c') }, ...options }))
    expect(error.failures.map(({ key, source, code }) => `${key} ${source} ${code}`)).toEqual([
      'a vault Forbidden',
      'b vault Forbidden',
      'c config NetworkError',
    ])
  })

  it('fails a value that is not a string with InvalidResponse, without quoting it', async () => {
    const vault = defineSource({ name: 'vault', read: async () => ({ a: { password: 'hunter2' } as never }) })
    const error = await invokeFailing(registry({ fetch: { a: vault('a') }, ...options }))
    expect(error.failures).toEqual([expect.objectContaining({ code: 'InvalidResponse' })])
    expect(inspect(error, { depth: 5 })).not.toContain('hunter2')
  })

  it('fails .json() of a value that is not JSON with InvalidJSON', async () => {
    const { vault } = vaultOf({ limits: 'not json' })
    const error = await invokeFailing(registry({ fetch: { limits: vault.json('limits') }, ...options }))
    expect(error.failures).toEqual([expect.objectContaining({ key: 'limits', code: 'InvalidJSON' })])
  })

  it('hands read() the deadline, and fails with Timeout when it never answers', async () => {
    let signal: AbortSignal | undefined
    const vault = defineSource({
      name: 'vault',
      read: (_ids, context) => {
        signal = context.signal
        return new Promise(() => undefined)
      },
    })
    const error = await invokeFailing(registry({ fetch: { a: vault('a') }, requestTimeout: 30, ...options }))
    expect(error.failures).toEqual([expect.objectContaining({ code: 'Timeout' })])
    expect(signal?.aborted).toBe(true)
  })
})

describe('a defined source is cached as the built-in ones are', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('serves a stale value while it refreshes, and keeps it through failures until maxStale', async () => {
    const { vault, values, read } = vaultOf({ a: 'A1' })
    const events: RegistryEvent[] = []
    const middleware = registry({
      fetch: { a: vault('a', { cacheExpiry: MINUTE, maxStale: 10 * MINUTE }) },
      onEvent: (event) => events.push(event),
      ...options,
    })
    await invoke(middleware)
    values.a = 'A2'
    jest.setSystemTime(Date.now() + 2 * MINUTE)
    expect((await invoke(middleware)).a).toBe('A1')
    await new Promise((resolve) => setImmediate(resolve))
    expect((await invoke(middleware)).a).toBe('A2')
    read.mockRejectedValue(Object.assign(new Error('sealed'), { name: 'VaultSealed' }))
    jest.setSystemTime(Date.now() + 2 * MINUTE)
    expect((await invoke(middleware)).a).toBe('A2')
    await new Promise((resolve) => setImmediate(resolve))
    expect(events.filter(({ type }) => type === 'error').map(({ code }) => code)).toEqual(['VaultSealed'])
    expect(middleware.stats()).toMatchObject({ refreshes: 1, errors: 1 })
  })

  it('fetches again on refresh(), whatever the cache says', async () => {
    const { vault, values } = vaultOf({ a: 'A1' })
    const middleware = registry({ fetch: { a: vault('a') }, ...options })
    await invoke(middleware)
    values.a = 'A2'
    await expect(middleware.refresh('a')).resolves.toEqual({ a: 'A2' })
  })
})

describe('a defined source with secret: true', () => {
  it('masks its values on the context and on what refresh() returns', async () => {
    const { vault } = vaultOf({ token: 'S3CR3T-token' }, { secret: true })
    const middleware = registry({ fetch: { token: vault('token') }, ...options })
    const context = await invoke(middleware)
    expect(context.token).toBe('S3CR3T-token')
    const refreshed = await middleware.refresh('token')
    for (const rendering of [JSON.stringify(context), inspect(context, { showHidden: true }), inspect(refreshed, { showHidden: true })]) {
      expect(rendering).not.toContain('S3CR3T')
    }
  })
})

describe('a defined source checks its declarations', () => {
  it.each([
    [{ name: 'vault' }, /option "read" must be a function/],
    [{ name: 'ssm', read: async () => ({}) }, /taken by a built-in source/],
    [{ name: '1vault', read: async () => ({}) }, /option "name" must be 1-64 letters/],
    [{ name: 'vault', read: async () => ({}), maxBatch: 0 }, /option "maxBatch" must be a whole number > 0/],
    [{ name: 'vault', read: async () => ({}), secrets: true }, /unknown option "secrets"/],
  ])('refuses the definition %p', (definition, message) => {
    expect(() => defineSource(definition as never)).toThrow(message)
  })

  it('refuses an unknown option of a reference, naming it', () => {
    const { vault } = vaultOf({})
    expect(() => vault('a', { cacheExpiri: 1 } as never)).toThrow(
      new TypeError('vault(): unknown option "cacheExpiri" (allowed: cacheExpiry, maxStale, optional)'),
    )
  })

  it('refuses an empty id', () => {
    const { vault } = vaultOf({})
    expect(() => vault.json('')).toThrow(/vault.json\(\): the id must be a string of 1-2048 characters/)
  })

  it('is a RegistryError, not a rejection of read(), that the handler sees', async () => {
    const vault = defineSource({
      name: 'vault',
      read: () => {
        throw new Error('sync failure')
      },
    })
    await expect(invoke(registry({ fetch: { a: vault('a') }, ...options }))).rejects.toBeInstanceOf(RegistryError)
  })
})
