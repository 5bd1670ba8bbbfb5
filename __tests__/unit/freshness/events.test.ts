import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { type RegistryEvent, registry, secret, ssm } from '../../../src/index.js'
import { afterBackgroundWork, awsError, eventually, gate, getParametersFrom, invoke, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, secretsMock, ssmMock } from '../mocks.js'

const MINUTE = 60_000
const API_KEY = 'sk_events_5e6f7a8b'

describe('onEvent and stats() report what the cache did, never a value', () => {
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/orders/endpoint': { Value: 'https://orders.example.com' } }))
    secretsMock.on(GetSecretValueCommand).resolves({ Name: 'orders/api-key', SecretString: API_KEY })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  function observed(cacheExpiry = MINUTE) {
    const events: RegistryEvent[] = []
    const middleware = registry({
      fetch: { url: ssm('/orders/endpoint'), key: secret('orders/api-key') },
      cacheExpiry,
      onEvent: (event) => events.push(event),
      ...testOptions(),
    })
    return { middleware, events }
  }

  it('reports a miss per key at the cold start, then hits', async () => {
    const { middleware, events } = observed()
    await invoke(middleware)
    await invoke(middleware)
    expect(events.map(({ type, key }) => `${type} ${key}`)).toEqual(['miss url', 'miss key', 'hit url', 'hit key'])
    expect(events[0]).toEqual({ type: 'miss', key: 'url', source: 'ssm', id: '/orders/endpoint', ms: 0 })
    expect(middleware.stats()).toEqual({ hits: 2, misses: 2, refreshes: 0, revalidations: 0, staleServed: 0, errors: 0, retries: 0, evictions: 0 })
  })

  it('counts the prefetch that the first invocation joins as one miss, and the invocation as a hit', async () => {
    const answer = gate()
    ssmMock.on(GetParametersCommand).callsFake(async (input) => {
      await answer.opened
      return getParametersFrom({ '/orders/endpoint': { Value: 'https://orders.example.com' } })(input)
    })
    const events: RegistryEvent[] = []
    // The default prefetch, and no ready(): the invocation comes while the prefetch is in flight.
    const middleware = registry({ fetch: { url: ssm('/orders/endpoint') }, ...testOptions(), prefetch: true, onEvent: (event) => events.push(event) })
    const invocation = invoke(middleware)
    await afterBackgroundWork()
    answer.open()
    expect((await invocation).url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(1)
    expect(events.map(({ type, key }) => `${type} ${key}`)).toEqual(['miss url', 'hit url'])
    expect(middleware.stats()).toEqual({ hits: 1, misses: 1, refreshes: 0, revalidations: 0, staleServed: 0, errors: 0, retries: 0, evictions: 0 })
  })

  it('counts concurrent cold invocations that share one fetch as one miss and hits', async () => {
    const { middleware } = observed()
    await Promise.all([invoke(middleware), invoke(middleware), invoke(middleware)])
    expect(getParametersCalls()).toBe(1)
    expect(middleware.stats()).toMatchObject({ misses: 2, hits: 4 })
  })

  it('reports stale-served and then refresh across an expiry', async () => {
    const { middleware, events } = observed()
    await invoke(middleware)
    jest.setSystemTime(Date.now() + 2 * MINUTE)
    await invoke(middleware)
    await eventually(() => middleware.stats().refreshes === 2)
    expect(events.slice(2).map(({ type, key }) => `${type} ${key}`)).toEqual(['stale-served url', 'stale-served key', 'refresh url', 'refresh key'])
    expect(events[2]!.ms).toBeGreaterThanOrEqual(MINUTE)
  })

  it('reports errors with the AWS code', async () => {
    const { middleware, events } = observed()
    await invoke(middleware)
    ssmMock.on(GetParametersCommand).rejects(awsError('ThrottlingException'))
    jest.setSystemTime(Date.now() + 2 * MINUTE)
    await invoke(middleware)
    await eventually(() => middleware.stats().errors === 1)
    expect(events.find((event) => event.type === 'error')).toMatchObject({ key: 'url', code: 'ThrottlingException' })
  })

  it('never puts a value in an event', async () => {
    const { middleware, events } = observed(0)
    await invoke(middleware)
    await invoke(middleware)
    expect(JSON.stringify(events)).not.toContain(API_KEY)
    expect(JSON.stringify(events)).not.toContain('orders.example.com')
  })

  it('survives a listener that throws', async () => {
    const middleware = registry({
      fetch: { url: ssm('/orders/endpoint') },
      onEvent: () => {
        throw new Error('logger down')
      },
      ...testOptions(),
    })
    expect((await invoke(middleware)).url).toBe('https://orders.example.com')
    expect((await invoke(middleware)).url).toBe('https://orders.example.com')
  })

  it('counts hits on the warm path without a listener', async () => {
    const middleware = registry({ fetch: { url: ssm('/orders/endpoint') }, ...testOptions() })
    for (let invocation = 0; invocation < 5; invocation++) await invoke(middleware)
    expect(middleware.stats()).toMatchObject({ misses: 1, hits: 4 })
  })
})
