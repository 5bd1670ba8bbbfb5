import { inspect } from 'node:util'
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { type RegistryChange, type RegistryEvent, registry, secret, ssm } from '../../../src/index.js'
import { afterBackgroundWork, eventually, getParametersFrom, invoke, type StoredParameter, testOptions } from '../helpers.js'
import { resetAll, secretsMock, ssmMock } from '../mocks.js'
import { serveVersionedSecrets } from '../secret-versions.js'

const MINUTE = 60_000

/** GetParameters answers from a table the test may change between fetches. */
function serveChangingParameters(initial: Record<string, StoredParameter>) {
  let store = initial
  ssmMock.on(GetParametersCommand).callsFake(async (input) => getParametersFrom(store)(input))
  return { set: (next: Record<string, StoredParameter>) => (store = next) }
}

/** A registry option that records each change it is told of. */
function recordChanges() {
  const changes: RegistryChange[] = []
  return { changes, onChange: (change: RegistryChange) => void changes.push(change) }
}

describe('onChange: told when a value changes, never of a value that did not', () => {
  beforeEach(() => resetAll())

  it('is not called for the first load, and once for each value that changes', async () => {
    const store = serveChangingParameters({ '/orders/endpoint': { Value: 'https://v1.example.com' }, '/orders/region': { Value: 'eu-west-1' } })
    const { changes, onChange } = recordChanges()
    const orders = registry({ fetch: { url: ssm('/orders/endpoint'), region: ssm('/orders/region') }, onChange, ...testOptions() })
    await invoke(orders)
    await afterBackgroundWork()
    expect(changes).toEqual([])

    store.set({ '/orders/endpoint': { Value: 'https://v2.example.com' }, '/orders/region': { Value: 'eu-west-1' } })
    await orders.refresh()
    expect(await eventually(() => changes.length === 1)).toBe(true)
    await afterBackgroundWork()
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ key: 'url', source: 'ssm', id: '/orders/endpoint', secret: false })
    expect(changes[0]!.value()).toBe('https://v2.example.com')
  })

  it('is called after the refresh has settled, with the value the cache now holds', async () => {
    const store = serveChangingParameters({ '/orders/endpoint': { Value: 'https://v1.example.com' } })
    const { changes, onChange } = recordChanges()
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, onChange, ...testOptions() })
    await invoke(orders)
    store.set({ '/orders/endpoint': { Value: 'https://v2.example.com' } })
    const refreshed = await orders.refresh('url')
    // Not during the refresh: the callback runs once its caller has gone on.
    expect(changes).toHaveLength(0)
    expect(await eventually(() => changes.length === 1)).toBe(true)
    expect(changes[0]!.value()).toBe(refreshed.url)
    expect((await invoke(orders)).url).toBe('https://v2.example.com')
  })

  it('is not called when a refresh reads the same value again, JSON in another key order included', async () => {
    const store = serveChangingParameters({ '/orders/endpoint': { Value: 'https://v1.example.com' }, '/orders/limits': { Value: '{"rps":5,"burst":10}' } })
    const { changes, onChange } = recordChanges()
    const orders = registry({ fetch: { url: ssm('/orders/endpoint'), limits: ssm.json('/orders/limits') }, onChange, ...testOptions() })
    await invoke(orders)
    store.set({ '/orders/endpoint': { Value: 'https://v1.example.com' }, '/orders/limits': { Value: '{ "burst": 10, "rps": 5 }' } })
    await orders.refresh()
    await afterBackgroundWork()
    expect(ssmMock.commandCalls(GetParametersCommand)).toHaveLength(2)
    expect(changes).toEqual([])
  })

  it('is not called when a secret is revalidated unchanged, and is when its version moves', async () => {
    const secrets = serveVersionedSecrets({ 'orders/api-key': 'key-v1' })
    const { changes, onChange } = recordChanges()
    const orders = registry({ fetch: { apiKey: secret('orders/api-key') }, onChange, ...testOptions() })
    await invoke(orders)
    await orders.refresh()
    await afterBackgroundWork()
    expect(secretsMock.commandCalls(DescribeSecretCommand).length).toBeGreaterThan(0)
    expect(orders.stats().revalidations).toBe(1)
    expect(changes).toEqual([])

    secrets.put('orders/api-key', 'key-v2')
    await orders.refresh()
    expect(await eventually(() => changes.length === 1)).toBe(true)
    expect(changes[0]!.value()).toBe('key-v2')
  })

  it('never shows a secret where the change is logged or serialised', async () => {
    const secrets = serveVersionedSecrets({ 'orders/api-key': 'key-v1' })
    const { changes, onChange } = recordChanges()
    const orders = registry({ fetch: { apiKey: secret('orders/api-key') }, onChange, ...testOptions() })
    await invoke(orders)
    secrets.put('orders/api-key', 'key-v2-very-secret')
    await orders.refresh()
    expect(await eventually(() => changes.length === 1)).toBe(true)
    const [change] = changes
    expect(change!.secret).toBe(true)
    expect(JSON.stringify(change)).not.toContain('key-v2')
    expect(inspect(change, { depth: Infinity })).not.toContain('key-v2')
    expect(Object.keys(change!)).not.toContain('value')
    expect(change!.value()).toBe('key-v2-very-secret')
  })

  it('reports a callback that throws or rejects as an error event, and never fails an invocation', async () => {
    const store = serveChangingParameters({ '/a': { Value: 'a1' }, '/b': { Value: 'b1' } })
    const events: RegistryEvent[] = []
    const orders = registry({
      fetch: { a: ssm('/a'), b: ssm('/b') },
      onChange: async ({ key }) => {
        if (key === 'a') throw new Error('pool rebuild failed with password a2')
        throw 'b2'
      },
      onEvent: (event) => events.push(event),
      ...testOptions(),
    })
    await invoke(orders)
    store.set({ '/a': { Value: 'a2' }, '/b': { Value: 'b2' } })
    await expect(orders.refresh()).resolves.toEqual({ a: 'a2', b: 'b2' })
    expect(await eventually(() => orders.stats().errors === 2)).toBe(true)
    const failures = events.filter((event) => event.type === 'error')
    expect(failures.map(({ key, code }) => ({ key, code }))).toEqual([
      { key: 'a', code: 'OnChangeFailed' },
      { key: 'b', code: 'OnChangeFailed' },
    ])
    expect(JSON.stringify(failures)).not.toMatch(/a2|b2/)
    expect((await invoke(orders)).a).toBe('a2')
  })

  it('never makes an invocation wait for a callback that has not finished', async () => {
    const store = serveChangingParameters({ '/orders/endpoint': { Value: 'v1' } })
    let calls = 0
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, onChange: () => new Promise<void>(() => void calls++), ...testOptions() })
    await invoke(orders)
    store.set({ '/orders/endpoint': { Value: 'v2' } })
    await orders.refresh()
    expect(await eventually(() => calls === 1)).toBe(true)
    expect((await invoke(orders)).url).toBe('v2')
  })

  it('tells of an optional entry that was deleted: its value is now undefined, or its default', async () => {
    const store = serveChangingParameters({ '/flags/beta': { Value: 'on' }, '/flags/gamma': { Value: 'on' } })
    const { changes, onChange } = recordChanges()
    const flags = registry({
      fetch: { beta: ssm('/flags/beta', { optional: true }), gamma: ssm('/flags/gamma', { default: 'off' }) },
      onChange,
      ...testOptions(),
    })
    await invoke(flags)
    store.set({})
    await flags.refresh()
    expect(await eventually(() => changes.length === 2)).toBe(true)
    expect(changes.map((change) => [change.key, change.value()])).toEqual([
      ['beta', undefined],
      ['gamma', 'off'],
    ])
  })
})

describe('onChange across registries and background refreshes', () => {
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('is called for a change a background refresh found, by the registry that refreshed it', async () => {
    const store = serveChangingParameters({ '/orders/endpoint': { Value: 'v1' } })
    const { changes, onChange } = recordChanges()
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: MINUTE, onChange, ...testOptions() })
    await invoke(orders)
    store.set({ '/orders/endpoint': { Value: 'v2' } })
    jest.setSystemTime(Date.now() + MINUTE)
    expect((await invoke(orders)).url).toBe('v1')
    expect(await eventually(() => changes.length === 1)).toBe(true)
    expect(changes[0]!.value()).toBe('v2')
  })

  it('tells each registry that reads a changed entry once, whichever of them refreshed it', async () => {
    const store = serveChangingParameters({ '/orders/endpoint': { Value: 'v1' } })
    const first = recordChanges()
    const second = recordChanges()
    const a = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: MINUTE, onChange: first.onChange, ...testOptions() })
    const b = registry({ fetch: { endpoint: ssm('/orders/endpoint') }, cacheExpiry: MINUTE, onChange: second.onChange, ...testOptions() })
    await invoke(a)
    await invoke(b)
    store.set({ '/orders/endpoint': { Value: 'v2' } })
    jest.setSystemTime(Date.now() + MINUTE / 2)
    await a.refresh()
    // b's own snapshot holds v1 until its expiry; it reads the cache again then, and hears of v2.
    jest.setSystemTime(Date.now() + MINUTE / 2)
    expect((await invoke(b)).endpoint).toBe('v2')
    await invoke(b)
    await a.refresh()
    await afterBackgroundWork()
    expect(first.changes.map((change) => change.key)).toEqual(['url'])
    expect(second.changes.map((change) => change.key)).toEqual(['endpoint'])
  })
})
