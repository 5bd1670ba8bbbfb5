/**
 * Throttling at cold start: a fetch that an invocation waits for, with nothing cached, is
 * retried on the one backoff within the invocation's wait limit, as one shared fetch.
 */

import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { describe, expect, it, jest } from '@jest/globals'
import type { Context } from 'aws-lambda'
import { COLD_RETRY_CAP, LAST_TRY_ROOM } from '../../../src/cache/throttle-retry.js'
import { type RegistryEvent, registry, ssm } from '../../../src/index.js'
import { awsError, getParametersFrom, invoke, lambdaContext, onFakeClock, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, ssmMock } from '../mocks.js'

const store = { '/orders/endpoint': { Value: 'https://orders.example.com' } }
const withRemaining = (ms: number): Context => ({ ...lambdaContext(), getRemainingTimeInMillis: () => ms })

/** GetParameters fails with `error` for its first `failures` calls, then answers from the store. */
function throttledFor(failures: number, error = awsError('ThrottlingException', 'Rate exceeded')) {
  ssmMock.on(GetParametersCommand).callsFake(async (input) => {
    if (getParametersCalls() <= failures) throw error
    return getParametersFrom(store)(input)
  })
}

/** Lets the clock run, turn by turn, until `promise` settles (or `limit` ms of fake time pass). */
async function runUntilSettled<T>(promise: Promise<T>, limit = 60_000): Promise<{ result?: T; error?: unknown; waited: number }> {
  const started = Date.now()
  let settled = false
  const outcome = promise.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  )
  void outcome.then(() => (settled = true))
  while (!settled && Date.now() - started < limit) await jest.advanceTimersByTimeAsync(50)
  return { ...(await outcome), waited: Date.now() - started }
}

const orders = (events: RegistryEvent[] = []) => registry({ fetch: { url: ssm('/orders/endpoint') }, onEvent: (event) => events.push(event), ...testOptions() })

describe('a cold fetch that is throttled', () => {
  onFakeClock(resetAll)

  it('is retried with backoff until it is read, and each retry is a retry event', async () => {
    throttledFor(3)
    const events: RegistryEvent[] = []
    const { result } = await runUntilSettled(invoke(orders(events), withRemaining(30_000)))
    expect(result?.url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(4)
    expect(events.map(({ type, code }) => `${type} ${code ?? ''}`.trim())).toEqual([
      'retry ThrottlingException',
      'retry ThrottlingException',
      'retry ThrottlingException',
      'miss',
    ])
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
      failures: [expect.objectContaining({ code: 'ThrottlingException', message: expect.stringContaining("still throttled at the invocation's deadline") })],
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

describe('a prefetch that is throttled', () => {
  onFakeClock(resetAll)

  const prefetched = (options: { prefetchWait?: number } = {}) =>
    registry({ fetch: { url: ssm('/orders/endpoint') }, ...testOptions(), prefetch: true, ...options })

  it('retries during init for prefetchWait (8 s by default), then ready() resolves', async () => {
    throttledFor(Number.POSITIVE_INFINITY)
    const { waited } = await runUntilSettled(prefetched().ready())
    // No try starts after 8 s less LAST_TRY_ROOM, and none is skipped while a capped wait fits.
    expect(waited).toBeGreaterThanOrEqual(8_000 - COLD_RETRY_CAP)
    expect(waited).toBeLessThanOrEqual(8_050)
    expect(getParametersCalls()).toBeGreaterThanOrEqual(4)
  })

  it('resolves ready() as soon as a retry reads the values', async () => {
    throttledFor(2)
    const middleware = prefetched()
    const { waited } = await runUntilSettled(middleware.ready())
    expect(waited).toBeLessThan(3_100)
    expect(getParametersCalls()).toBe(3)
    expect((await invoke(middleware, withRemaining(1_000))).url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(3)
  })

  it('takes a shorter or longer prefetchWait', async () => {
    throttledFor(Number.POSITIVE_INFINITY)
    const { waited } = await runUntilSettled(prefetched({ prefetchWait: 2_000 }).ready())
    expect(waited).toBeLessThanOrEqual(2_050)
  })

  it('goes on for the first invocation, which joins it with its own remaining time', async () => {
    throttledFor(Number.POSITIVE_INFINITY)
    const middleware = prefetched({ prefetchWait: 2_000 })
    await runUntilSettled(middleware.ready())
    throttledFor(getParametersCalls() + 1)
    const { result, waited } = await runUntilSettled(invoke(middleware, withRemaining(30_000)))
    expect(result?.url).toBe('https://orders.example.com')
    expect(waited).toBeLessThanOrEqual(2 * COLD_RETRY_CAP)
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
