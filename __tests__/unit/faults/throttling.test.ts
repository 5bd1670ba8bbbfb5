/**
 * Throttling at cold start: a fetch that an invocation waits for, with nothing cached, is
 * retried on the one backoff within the invocation's wait limit, as one shared fetch.
 */

import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { describe, expect, it, jest } from '@jest/globals'
import { COLD_RETRY_CAP, LAST_TRY_ROOM } from '../../../src/cache/throttle-retry.js'
import { clearRegistryCache, type RegistryEvent, registry, ssm } from '../../../src/index.js'
import { awsError, invoke, onFakeClock, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, ssmMock } from '../mocks.js'
import { eventLines, runUntilSettled, throttledFor, withRemaining } from './throttle-helpers.js'

const orders = (events: RegistryEvent[] = []) => registry({ fetch: { url: ssm('/orders/endpoint') }, onEvent: (event) => events.push(event), ...testOptions() })

describe('a cold fetch that is throttled', () => {
  onFakeClock(resetAll)

  it('is retried with backoff until it is read, and each retry is a retry event', async () => {
    throttledFor(3)
    const events: RegistryEvent[] = []
    const { result } = await runUntilSettled(invoke(orders(events), withRemaining(30_000)))
    expect(result?.url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(4)
    expect(eventLines(events)).toEqual(['retry ThrottlingException', 'retry ThrottlingException', 'retry ThrottlingException', 'miss'])
  })

  it('waits between tries as backoffDelay says: 0.5-1 s, then 1-2 s, then 2-4 s', async () => {
    throttledFor(3)
    const events: RegistryEvent[] = []
    await runUntilSettled(invoke(orders(events), withRemaining(30_000)))
    const waits = events.filter(({ type }) => type === 'retry').map(({ ms }) => ms)
    expect(waits).toHaveLength(3)
    waits.forEach((ms, index) => {
      expect(ms).toBeGreaterThanOrEqual(500 * 2 ** index)
      expect(ms).toBeLessThanOrEqual(1_000 * 2 ** index)
    })
  })

  it('never waits longer than COLD_RETRY_CAP between tries, however many failed before', async () => {
    throttledFor(8)
    const events: RegistryEvent[] = []
    const { result } = await runUntilSettled(invoke(orders(events), withRemaining(60_000)))
    expect(result?.url).toBe('https://orders.example.com')
    const waits = events.filter(({ type }) => type === 'retry').map(({ ms }) => ms)
    expect(waits).toHaveLength(8)
    // From the fourth retry on, the backoff (4-8 s, 8-16 s, ...) is held at the cap.
    for (const ms of waits.slice(3)) expect(ms).toBeLessThanOrEqual(COLD_RETRY_CAP)
  })

  it('moves its last try up to start just before the wait limit, instead of not sending it', async () => {
    // Every backoff drawn at its longest: 1 s, then 2 s.
    jest.spyOn(Math, 'random').mockReturnValue(1)
    const started = Date.now()
    const sentAt: number[] = []
    ssmMock.on(GetParametersCommand).callsFake(async () => {
      sentAt.push(Date.now() - started)
      throw awsError('ThrottlingException', 'Rate exceeded')
    })
    await runUntilSettled(invoke(orders(), withRemaining(3_000)))
    // Wait limit 2.5 s: tries at 0 and 1 s; the third, due at 3 s, starts by 2.5 s - LAST_TRY_ROOM.
    expect(sentAt).toHaveLength(3)
    expect(sentAt[2]).toBeGreaterThanOrEqual(2_000)
    expect(sentAt[2]).toBeLessThanOrEqual(2_500 - LAST_TRY_ROOM)
  })

  it('does not move a try up to earlier than half its backoff', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(1)
    throttledFor(Number.POSITIVE_INFINITY)
    // Wait limit 1.9 s: the second retry (due at 3 s, no earlier than 2 s) has no room.
    await runUntilSettled(invoke(orders(), withRemaining(2_400)))
    expect(getParametersCalls()).toBe(2)
  })

  it('stops before the invocation wait limit, failing with the throttling code, and sends nothing past it', async () => {
    throttledFor(Number.POSITIVE_INFINITY)
    const middleware = orders()
    const { error, waited } = await runUntilSettled(invoke(middleware, withRemaining(4_000)))
    expect(error).toMatchObject({ failures: [expect.objectContaining({ key: 'url', code: 'ThrottlingException' })] })
    // Wait limit: 4 s less the 500 ms margin.
    expect(waited).toBeLessThanOrEqual(3_500)
    const sent = getParametersCalls()
    expect(sent).toBeGreaterThanOrEqual(2)
    await jest.advanceTimersByTimeAsync(10_000)
    expect(getParametersCalls()).toBe(sent)
    expect(middleware.stats()).toMatchObject({ retries: sent - 1, errors: 1, misses: 0 })
  })

  it('is one fetch for concurrent invocations: its retries are not multiplied by the waiters', async () => {
    throttledFor(2)
    const events: RegistryEvent[] = []
    const middleware = orders(events)
    const waiting = Array.from({ length: 5 }, () => invoke(middleware, withRemaining(30_000)))
    const results = await runUntilSettled(Promise.all(waiting))
    expect(results.result?.map(({ url }) => url)).toEqual(Array(5).fill('https://orders.example.com'))
    expect(getParametersCalls()).toBe(3)
    expect(events.filter(({ type }) => type === 'retry')).toHaveLength(2)
    expect(middleware.stats()).toMatchObject({ misses: 1, hits: 4, retries: 2 })
  })

  it('retries for the latest waiter: one that joins with more time left lengthens the fetch', async () => {
    throttledFor(3)
    const middleware = orders()
    const short = invoke(middleware, withRemaining(1_200)).catch((error: unknown) => error)
    const long = invoke(middleware, withRemaining(30_000))
    const { result } = await runUntilSettled(Promise.all([short, long]))
    // The short one stops waiting with the code its fetch keeps meeting, not a bare timeout.
    expect(result?.[0]).toMatchObject({
      failures: [expect.objectContaining({ code: 'ThrottlingException', message: expect.stringContaining('still throttled when the wait ended') })],
    })
    expect(result?.[1].url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(4)
  })

  it('is not retried for a code that waiting does not cure', async () => {
    throttledFor(1, awsError('AccessDeniedException'))
    const { error } = await runUntilSettled(invoke(orders(), withRemaining(30_000)))
    expect(error).toMatchObject({ failures: [expect.objectContaining({ code: 'AccessDeniedException' })] })
    expect(getParametersCalls()).toBe(1)
  })

  it('retries what the SDK classifies as throttling: an HTTP 429 under another name', async () => {
    throttledFor(1, Object.assign(awsError('SlowDownPlease'), { $metadata: { httpStatusCode: 429 } }))
    const { result } = await runUntilSettled(invoke(orders(), withRemaining(30_000)))
    expect(result?.url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(2)
  })

  it('waits out the backoff a throttled prefetch left, then probes, instead of failing at once', async () => {
    throttledFor(Number.POSITIVE_INFINITY)
    const middleware = registry({ fetch: { url: ssm('/orders/endpoint') }, ...testOptions(), prefetch: true, requestTimeout: 100 })
    await runUntilSettled(middleware.ready())
    const sentByPrefetch = getParametersCalls()
    throttledFor(0)
    const { result } = await runUntilSettled(invoke(middleware, withRemaining(30_000)))
    expect(result?.url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(sentByPrefetch + 1)
  })
})

describe('a batch whose keys are throttled unevenly', () => {
  onFakeClock(resetAll)

  // 11 names: two GetParameters calls in one batch; the call with the eleventh is throttled.
  const names = Array.from({ length: 11 }, (_, index) => `/orders/p${index}`)
  const eleven = () => registry({ fetch: Object.fromEntries(names.map((name, index) => [`p${index}`, ssm(name)])), ...testOptions() })

  it('serves the keys its first try read at once, while the throttled ones retry', async () => {
    ssmMock.on(GetParametersCommand).callsFake(async ({ Names = [] }) => {
      if (Names.includes('/orders/p10') && getParametersCalls() <= 4) throw awsError('ThrottlingException', 'Rate exceeded')
      return { Parameters: Names.map((Name: string) => ({ Name, Value: `value of ${Name}`, Type: 'String', Version: 1 })), InvalidParameters: [] }
    })
    const all = invoke(eleven(), withRemaining(30_000))
    // Another registry reads /orders/p0 while the batch is retrying /orders/p10: it joins the
    // fetch and gets the value the first try read, without waiting for the retries.
    await jest.advanceTimersByTimeAsync(10)
    const one = registry({ fetch: { p0: ssm('/orders/p0') }, ...testOptions() })
    const { result, waited } = await runUntilSettled(invoke(one, withRemaining(30_000)))
    expect(result?.p0).toBe('value of /orders/p0')
    expect(waited).toBeLessThan(100)
    const { result: everything } = await runUntilSettled(all)
    expect(everything?.p10).toBe('value of /orders/p10')
  })
})

describe('a throttled cold fetch when the cache is cleared', () => {
  onFakeClock(resetAll)

  it('sends nothing more after clearRegistryCache()', async () => {
    throttledFor(Number.POSITIVE_INFINITY)
    void invoke(orders(), withRemaining(30_000)).catch(() => undefined)
    await jest.advanceTimersByTimeAsync(1_200)
    const sent = getParametersCalls()
    expect(sent).toBeGreaterThanOrEqual(2)
    clearRegistryCache()
    await jest.advanceTimersByTimeAsync(30_000)
    expect(getParametersCalls()).toBe(sent)
  })

  it('sends not even its first try when the cache is cleared while it waits out the backoff', async () => {
    throttledFor(Number.POSITIVE_INFINITY)
    const middleware = orders()
    // 500 ms of wait: one try, throttled, and no room for a retry; the key backs off 0.5-1 s.
    await runUntilSettled(invoke(middleware, withRemaining(1_000)).catch(() => undefined))
    const sent = getParametersCalls()
    void invoke(middleware, withRemaining(30_000)).catch(() => undefined)
    await jest.advanceTimersByTimeAsync(10)
    clearRegistryCache()
    await jest.advanceTimersByTimeAsync(5_000)
    expect(getParametersCalls()).toBe(sent)
  })
})

describe('a value past maxStale that is throttled', () => {
  onFakeClock(resetAll)

  it('keeps the circuit: no retries, the invocation fails and the next ones fail fast', async () => {
    throttledFor(0)
    const middleware = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: 1_000, maxStale: 1_000, ...testOptions() })
    await invoke(middleware)
    throttledFor(Number.POSITIVE_INFINITY)
    jest.setSystemTime(Date.now() + 3_000)
    const { error } = await runUntilSettled(invoke(middleware, withRemaining(30_000)))
    expect(error).toMatchObject({ failures: [expect.objectContaining({ code: 'ThrottlingException' })] })
    expect(middleware.stats().retries).toBe(0)
  })
})
