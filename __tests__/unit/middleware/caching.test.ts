import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { clearRegistryCache, registry, ssm } from '../../../src/index.js'
import { afterBackgroundWork, contextHandler, eventually } from '../helpers.js'
import { getParametersCalls, resetAll, serveParameters, ssmMock } from '../mocks.js'

const region = { awsClientOptions: { region: 'eu-west-1' } }

describe('the cache serves values across invocations', () => {
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    serveParameters({ '/orders/endpoint': 'https://orders.example.com', '/billing/endpoint': 'https://billing.example.com' })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('fetches once, then serves warm invocations from the cache', async () => {
    const invoke = contextHandler(registry({ fetch: { url: ssm('/orders/endpoint') }, prefetch: false, ...region }))
    await invoke()
    const context = await invoke()
    expect(context.url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(1)
  })

  it('fetches again once cacheExpiry (less its jitter of up to 5 %) has passed', async () => {
    const invoke = contextHandler(registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: 60_000, prefetch: false, ...region }))
    await invoke()
    jest.setSystemTime(Date.now() + 60_000 * 0.95 - 1)
    await invoke()
    await afterBackgroundWork()
    expect(getParametersCalls()).toBe(1)
    jest.setSystemTime(Date.now() + 60_000 * 0.05 + 1)
    await invoke()
    expect(await eventually(() => getParametersCalls() === 2)).toBe(true)
  })

  it('fetches on every invocation with cacheExpiry 0', async () => {
    const invoke = contextHandler(registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: 0, ...region }))
    await invoke()
    await invoke()
    expect(getParametersCalls()).toBe(2)
  })

  it('keeps values for the life of the environment with cacheExpiry Infinity', async () => {
    const invoke = contextHandler(registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: Infinity, prefetch: false, ...region }))
    await invoke()
    jest.setSystemTime(Date.now() + 365 * 24 * 3600_000)
    await invoke()
    expect(getParametersCalls()).toBe(1)
  })

  it('lets a reference override the registry’s cacheExpiry', async () => {
    const invoke = contextHandler(
      registry({
        fetch: { url: ssm('/orders/endpoint', { cacheExpiry: 0 }), billing: ssm('/billing/endpoint') },
        cacheExpiry: Infinity,
        prefetch: false,
        ...region,
      }),
    )
    await invoke()
    await invoke()
    const names = ssmMock.commandCalls(GetParametersCommand).map((call) => call.args[0].input.Names)
    expect(names).toEqual([['/orders/endpoint', '/billing/endpoint'], ['/orders/endpoint']])
  })

  it('refetches after clearRegistryCache()', async () => {
    const invoke = contextHandler(registry({ fetch: { url: ssm('/orders/endpoint') }, prefetch: false, ...region }))
    await invoke()
    clearRegistryCache()
    await invoke()
    expect(getParametersCalls()).toBe(2)
  })

  it('caches that an optional entry is missing, as it caches a value', async () => {
    const invoke = contextHandler(registry({ fetch: { flag: ssm('/orders/missing', { optional: true }) }, prefetch: false, ...region }))
    expect((await invoke()).flag).toBeUndefined()
    expect((await invoke()).flag).toBeUndefined()
    expect(getParametersCalls()).toBe(1)
  })
})

describe('registries share one process-wide cache without colliding', () => {
  beforeEach(() => {
    resetAll()
    serveParameters({ '/orders/endpoint': 'https://orders.example.com', '/billing/endpoint': 'https://billing.example.com' })
  })

  it('gives each registry its own values even when they declare the same key (anchor: shared cacheKey, middy #661)', async () => {
    const orders = contextHandler(registry({ fetch: { url: ssm('/orders/endpoint') }, prefetch: false, ...region }))
    const billing = contextHandler(registry({ fetch: { url: ssm('/billing/endpoint') }, prefetch: false, ...region }))
    expect((await orders()).url).toBe('https://orders.example.com')
    expect((await billing()).url).toBe('https://billing.example.com')
    expect((await orders()).url).toBe('https://orders.example.com')
  })

  it('fetches a reference declared by two registries once', async () => {
    const first = contextHandler(registry({ fetch: { url: ssm('/orders/endpoint') }, prefetch: false, ...region }))
    const second = contextHandler(registry({ fetch: { ordersUrl: ssm('/orders/endpoint') }, prefetch: false, ...region }))
    await first()
    expect((await second()).ordersUrl).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(1)
  })

  it('keeps registries with different clients apart', async () => {
    const eu = contextHandler(registry({ fetch: { url: ssm('/orders/endpoint') }, prefetch: false, awsClientOptions: { region: 'eu-west-1' } }))
    const us = contextHandler(registry({ fetch: { url: ssm('/orders/endpoint') }, prefetch: false, awsClientOptions: { region: 'us-east-1' } }))
    await eu()
    await us()
    expect(getParametersCalls()).toBe(2)
  })
})

describe('concurrent invocations and the prefetch share one request per value', () => {
  beforeEach(() => resetAll())

  it('sends one request for 64 concurrent invocations on a cold cache', async () => {
    serveParameters({ '/orders/endpoint': 'https://orders.example.com' })
    const invoke = contextHandler(registry({ fetch: { url: ssm('/orders/endpoint') }, prefetch: false, ...region }))
    const contexts = await Promise.all(Array.from({ length: 64 }, () => invoke()))
    expect(contexts.every((context) => context.url === 'https://orders.example.com')).toBe(true)
    expect(getParametersCalls()).toBe(1)
  })

  it('starts fetching at construction, and the first invocation joins that fetch', async () => {
    serveParameters({ '/orders/endpoint': 'https://orders.example.com' })
    const middleware = registry({ fetch: { url: ssm('/orders/endpoint') }, ...region })
    await new Promise((resolve) => setImmediate(resolve))
    expect(getParametersCalls()).toBe(1)
    expect((await contextHandler(middleware)()).url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(1)
  })

  it('ready() resolves once the prefetch has cached every value, so the first invocation sends nothing', async () => {
    serveParameters({ '/orders/endpoint': 'https://orders.example.com' })
    const middleware = registry({ fetch: { url: ssm('/orders/endpoint') }, ...region })
    await middleware.ready()
    expect(getParametersCalls()).toBe(1)
    expect(middleware.stats().misses).toBe(1)
    expect((await contextHandler(middleware)()).url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(1)
  })

  it('ready() resolves, and never rejects, when the prefetch fails', async () => {
    ssmMock.on(GetParametersCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))
    const middleware = registry({ fetch: { url: ssm('/orders/endpoint') }, ...region })
    await expect(middleware.ready()).resolves.toBeUndefined()
    expect(middleware.stats().errors).toBe(1)
  })

  it('ready() resolves at once without a prefetch', async () => {
    const middleware = registry({ fetch: { url: ssm('/orders/endpoint') }, prefetch: false, ...region })
    await middleware.ready()
    expect(getParametersCalls()).toBe(0)
  })

  it('does not fetch before the first invocation with prefetch false', async () => {
    serveParameters({ '/orders/endpoint': 'https://orders.example.com' })
    registry({ fetch: { url: ssm('/orders/endpoint') }, prefetch: false, ...region })
    await new Promise((resolve) => setImmediate(resolve))
    expect(getParametersCalls()).toBe(0)
  })

  it('after a failed prefetch, fails fast until the backoff ends, then fetches once, with no unhandled rejection', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    try {
      // Not throttling, which a cold fetch retries: a failure that waiting does not cure.
      ssmMock.on(GetParametersCommand).rejectsOnce(Object.assign(new Error('Internal error'), { name: 'InternalServerError' }))
      const middleware = registry({ fetch: { url: ssm('/orders/endpoint') }, ...region })
      await middleware.ready()
      serveParameters({ '/orders/endpoint': 'https://orders.example.com' })
      // A failing registry is not asked again at once: the first invocation fails with the last error.
      await expect(contextHandler(middleware)()).rejects.toThrow(/url \(ssm \/orders\/endpoint: InternalServerError\)/)
      expect(getParametersCalls()).toBe(1)
      jest.setSystemTime(Date.now() + 1_001)
      expect((await contextHandler(middleware)()).url).toBe('https://orders.example.com')
      expect(getParametersCalls()).toBe(2)
      expect(unhandled).toEqual([])
    } finally {
      jest.useRealTimers()
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
