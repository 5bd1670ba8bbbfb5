/**
 * Throttling at cold start. A fetch that an invocation waits for, of keys that have no value
 * at all, is not failed at its first `ThrottlingException` (the SDK's three tries, in about
 * a second): its throttled keys are sent again, on the one backoff (`backoffDelay`) capped
 * at `COLD_RETRY_CAP`, until they are read or the window of the invocations waiting for it
 * ends; the last try is moved up to start just before that end rather than not be sent.
 * The retries belong to the fetch, which concurrent readers join: they are not multiplied
 * by the number of waiters.
 *
 * Why the cap: a quota's bucket refills whether anyone asks or not. A fleet of starting
 * environments is served at the quota's rate for as long as one of them is still asking;
 * gaps longer than the bucket's burst, which an uncapped backoff leaves once few remain,
 * are capacity lost, and the environments left waiting fail at their deadline.
 */
import type { FetchFailed, Outcome } from '../core/outcome.js'
import { isThrottled } from '../core/throttling.js'
import type { CacheEntry } from './entry.js'
import { BACKOFF_BASE, backoffCeiling, backoffDelay } from './freshness.js'

/** The longest wait between two tries of a cold, throttled fetch. */
export const COLD_RETRY_CAP = 4_000

/** A try starts at least this long before its window ends: room for its round trip. */
export const LAST_TRY_ROOM = 250

/** How long a waited-for fetch may retry throttling, and who hears of each retry. */
export interface RetryWindow {
  /** Epoch ms: no try is sent at or past it. */
  until: number
  /** Told before each retry: the keys sent again, the code that made them, and the wait before it. */
  readonly onRetry?: (fetchKeys: readonly string[], code: string, delayMs: number) => void
}

/** A try of some of a batch's keys, ended at the request timeout. */
export type Attempt = (fetchKeys: readonly string[]) => Promise<Map<string, Outcome>>

/** Records the outcomes of some of a batch's keys, which no further try will change. */
export type Settle = (fetchKeys: readonly string[], outcomes: Map<string, Outcome>, tries: number) => void

// The window of each retrying fetch, by entry: a reader that joins it may lengthen it.
const windows = new WeakMap<CacheEntry, RetryWindow>()

// The throttling a retrying fetch last met, by entry, while its next try waits or runs.
const throttledSoFar = new WeakMap<CacheEntry, FetchFailed>()

/**
 * The throttling a fetch under way has met so far for this entry, if it is retrying it: what
 * a reader that stops waiting reports, rather than a bare timeout.
 */
export const retryingAfter = (entry: CacheEntry | undefined): FetchFailed | undefined => (entry ? throttledSoFar.get(entry) : undefined)

/** A key with nothing cached: the case a wait cures, as opposed to a value past `maxStale`, served by the circuit. */
export const isCold = (entry: CacheEntry): boolean => entry.raw === undefined && !entry.absent

/** A throttled failure of a key with nothing cached: the one failure a wait cures. */
export const waitCures = (entry: CacheEntry, outcome: Outcome | undefined): boolean =>
  isCold(entry) && outcome !== undefined && !outcome.ok && isThrottled(outcome)

/** A reader that joins a retrying fetch waits as long as it may: the fetch retries until the latest waiter's limit. */
export function joinWindow(entry: CacheEntry, until: number | undefined): void {
  const window = windows.get(entry)
  if (window && until !== undefined && until > window.until) window.until = until
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function throttledKeys(outcomes: Map<string, Outcome>, cold: readonly string[]): { fetchKeys: string[]; code: string } {
  const fetchKeys = cold.filter((fetchKey) => {
    const outcome = outcomes.get(fetchKey)
    return outcome !== undefined && !outcome.ok && isThrottled(outcome)
  })
  const first = fetchKeys.length > 0 ? outcomes.get(fetchKeys[0]!) : undefined
  return { fetchKeys, code: first && !first.ok ? first.code : '' }
}

/**
 * `wait`, unless the try would then start later than `LAST_TRY_ROOM` before `until`: then it
 * is moved up to that point, if that still waits at least `least`; undefined when it does not.
 */
function fitBefore(until: number, wait: number, least: number): number | undefined {
  const room = until - Date.now() - LAST_TRY_ROOM
  if (wait <= room) return wait
  return room >= least ? room : undefined
}

/**
 * The wait before the next try: the backoff of `failures`, capped at `COLD_RETRY_CAP`, fitted
 * before the window's end no earlier than half its ceiling (the least the jitter ever draws).
 */
export function nextTryDelay(failures: number, until: number, random: () => number = Math.random): number | undefined {
  return fitBefore(until, backoffDelay(failures, random, BACKOFF_BASE, COLD_RETRY_CAP), backoffCeiling(failures, BACKOFF_BASE, COLD_RETRY_CAP) / 2)
}

/**
 * The wait before a reader's first try of a cold key whose last fetch was throttled: what is
 * left of its backoff (at most the cap), fitted before `until` by cutting it by no more than half.
 */
export function firstTryDelay(retryAt: number, until: number): number | undefined {
  const left = Math.min(Math.max(0, retryAt - Date.now()), COLD_RETRY_CAP)
  return fitBefore(until, left, left / 2)
}

/** Whether a reader that may wait until `until` has room for a cold key's next try. */
export const hasRoomForRetry = (entry: CacheEntry, until: number): boolean => firstTryDelay(entry.retryAt, until) !== undefined

/** What a retrying fetch tells its caller, and asks it. */
export interface RetryHooks {
  /** Told, after each try that is followed by another, of the keys no further try will change. */
  readonly settle?: Settle
  /** True once the fetch must send nothing more (the cache was cleared meanwhile). */
  readonly cancelled?: () => boolean
}

/**
 * Sends a batch, then its throttled cold keys again after `nextTryDelay`, while there is room
 * in the window, each try with the request timeout. Before the first try, waits what is
 * left of the batch's backoff (a key whose last fetch was throttled), as `firstTryDelay`
 * says. Keys read (or failed for good) while others retry are handed to `settle` at once.
 * Resolves to the last outcome of each key and the number of tries sent.
 */
export async function withThrottleRetries(
  entries: ReadonlyMap<string, CacheEntry>,
  window: RetryWindow,
  attempt: Attempt,
  { settle, cancelled }: RetryHooks = {},
): Promise<{ outcomes: Map<string, Outcome>; tries: number }> {
  const all = [...entries.values()]
  const cold = [...entries].filter(([, entry]) => isCold(entry)).map(([fetchKey]) => fetchKey)
  for (const entry of all) windows.set(entry, window)
  try {
    const failuresBefore = Math.max(0, ...all.map((entry) => entry.failures))
    const due = firstTryDelay(Math.max(...all.map((entry) => entry.retryAt)), window.until) ?? 0
    if (due > 0) await sleep(due)
    let tried: readonly string[] = [...entries.keys()]
    const outcomes = await attempt(tried)
    let tries = 1
    for (;;) {
      const { fetchKeys, code } = throttledKeys(outcomes, cold)
      const delay = fetchKeys.length === 0 || cancelled?.() ? undefined : nextTryDelay(failuresBefore + tries, window.until)
      if (delay === undefined) return { outcomes, tries }
      const done = tried.filter((fetchKey) => !fetchKeys.includes(fetchKey))
      // Settled: no longer part of this fetch, whose window a later reader must not lengthen.
      for (const fetchKey of done) {
        windows.delete(entries.get(fetchKey)!)
        throttledSoFar.delete(entries.get(fetchKey)!)
      }
      if (done.length > 0) settle?.(done, outcomes, tries)
      for (const fetchKey of fetchKeys) throttledSoFar.set(entries.get(fetchKey)!, outcomes.get(fetchKey) as FetchFailed)
      window.onRetry?.(fetchKeys, code, delay)
      await sleep(delay)
      // A process frozen during the wait thaws past the window: nothing more is sent.
      if (Date.now() >= window.until || cancelled?.()) return { outcomes, tries }
      // The whole request timeout, not what is left of the window: a try cut short would record a
      // Timeout where the registry only throttled, and a try still under way at the window's end
      // is one the next invocation joins (lengthening the window) rather than sends again.
      tried = fetchKeys
      for (const [fetchKey, outcome] of await attempt(tried)) outcomes.set(fetchKey, outcome)
      tries++
    }
  } finally {
    for (const entry of all) {
      if (windows.get(entry) !== window) continue
      windows.delete(entry)
      throttledSoFar.delete(entry)
    }
  }
}
