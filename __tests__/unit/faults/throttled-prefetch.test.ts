/**
 * A prefetch that is throttled: it retries during Lambda's init for `prefetchWait`, then
 * ready() resolves and the first invocation takes over, with its own remaining time,
 * whatever that time is.
 */
import { describe, expect, it } from '@jest/globals'
import { COLD_RETRY_CAP, LAST_TRY_ROOM } from '../../../src/cache/throttle-retry.js'
import { type RegistryEvent, registry, ssm } from '../../../src/index.js'
import { invoke, onFakeClock, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll } from '../mocks.js'
import { eventLines, runUntilSettled, slowThrottledFor, throttledFor, withRemaining } from './throttle-helpers.js'

const prefetched = (options: { prefetchWait?: number } = {}, events: RegistryEvent[] = []) =>
  registry({ fetch: { url: ssm('/orders/endpoint') }, ...testOptions(), prefetch: true, onEvent: (event) => events.push(event), ...options })

describe('a prefetch that is throttled', () => {
  onFakeClock(resetAll)

  it('retries during init until prefetchWait (8 s by default), its last try starting before it', async () => {
    const sentAt = slowThrottledFor(Number.POSITIVE_INFINITY, 30)
    await runUntilSettled(prefetched().ready())
    expect(sentAt.length).toBeGreaterThanOrEqual(4)
    expect(sentAt.at(-1)).toBeLessThanOrEqual(8_000 - LAST_TRY_ROOM)
    // None is left out while a capped wait still fits: the last try is within a cap of the end.
    expect(sentAt.at(-1)).toBeGreaterThan(8_000 - LAST_TRY_ROOM - COLD_RETRY_CAP)
  })

  it('takes a longer prefetchWait', async () => {
    const sentAt = slowThrottledFor(Number.POSITIVE_INFINITY, 30)
    await runUntilSettled(prefetched({ prefetchWait: 15_000 }).ready())
    expect(sentAt.at(-1)).toBeGreaterThan(8_000)
    expect(sentAt.at(-1)).toBeLessThanOrEqual(15_000 - LAST_TRY_ROOM)
  })

  it('takes a shorter prefetchWait', async () => {
    const sentAt = slowThrottledFor(Number.POSITIVE_INFINITY, 30)
    await runUntilSettled(prefetched({ prefetchWait: 2_000 }).ready())
    expect(sentAt.at(-1)).toBeLessThanOrEqual(2_000 - LAST_TRY_ROOM)
  })

  it('resolves ready() as soon as a retry reads the values, and the invocation sends nothing', async () => {
    throttledFor(2)
    const middleware = prefetched()
    const { waited } = await runUntilSettled(middleware.ready())
    expect(waited).toBeLessThan(3_100)
    expect(getParametersCalls()).toBe(3)
    expect((await invoke(middleware, withRemaining(1_000))).url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(3)
  })

  it('is joined by the first invocation when a try is under way at prefetchWait, with no second fetch', async () => {
    // Each call takes 1.5 s: the second try starts at 2 to 2.5 s and is under way at 3 s.
    slowThrottledFor(2, 1_500)
    const events: RegistryEvent[] = []
    const middleware = prefetched({ prefetchWait: 3_000 }, events)
    await runUntilSettled(middleware.ready())
    const { result } = await runUntilSettled(invoke(middleware, withRemaining(30_000)))
    expect(result?.url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(3)
    // ready() gave up with the code its fetch kept meeting; the invocation joined that fetch.
    expect(eventLines(events)).toEqual(['retry ThrottlingException', 'error ThrottlingException', 'retry ThrottlingException', 'hit'])
  })

  it('leaves a short invocation (a 3 s function) room for its own try, not a long backoff', async () => {
    throttledFor(Number.POSITIVE_INFINITY)
    const middleware = prefetched()
    await runUntilSettled(middleware.ready())
    const sentByPrefetch = getParametersCalls()
    throttledFor(0)
    const { result } = await runUntilSettled(invoke(middleware, withRemaining(3_000)))
    expect(result?.url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(sentByPrefetch + 1)
  })
})
