/**
 * Throttling at cold start. A fetch that an invocation waits for, of keys that have no value
 * at all, is not failed at its first `ThrottlingException` (the SDK's three tries, in about
 * a second): its throttled keys are sent again, on the one backoff (`backoffDelay`), until
 * they are read or the next try would start past the wait limit of the invocations waiting
 * for it. The retries belong to the fetch, which concurrent readers join: they are not
 * multiplied by the number of waiters.
 */
import type { Outcome } from '../core/outcome.js'
import { isThrottled } from '../core/throttling.js'
import type { CacheEntry } from './entry.js'
import { backoffDelay } from './freshness.js'

/** How long a waited-for fetch may retry throttling, and who hears of each retry. */
export interface RetryWindow {
  /** Epoch ms: no try is sent at or past it. */
  until: number
  /** Told before each retry: the keys sent again, the code that made them, and the wait before it. */
  readonly onRetry?: (fetchKeys: readonly string[], code: string, delayMs: number) => void
}

/** A try of some of a batch's keys, ended after at most `timeoutMs`. */
export type Attempt = (fetchKeys: readonly string[], timeoutMs: number) => Promise<Map<string, Outcome>>

// The window of each retrying fetch, by entry: a reader that joins it may lengthen it.
const windows = new WeakMap<CacheEntry, RetryWindow>()

/** A key with nothing cached: the case a wait cures, as opposed to a value past `maxStale`, served by the circuit. */
export const isCold = (entry: CacheEntry): boolean => entry.raw === undefined && !entry.absent

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
 * Sends a batch, then its throttled cold keys again, each time after `backoffDelay` of the
 * failures so far, while the next try can start before the window's end; each retry's
 * deadline is the window's end, if that comes before the request timeout. Before the first
 * try, waits out the batch's backoff (a cold key let through while backing off). Resolves to
 * the last outcome of each key and the number of tries sent.
 */
export async function withThrottleRetries(
  entries: ReadonlyMap<string, CacheEntry>,
  window: RetryWindow,
  attempt: Attempt,
  timeoutMs: number,
): Promise<{ outcomes: Map<string, Outcome>; tries: number }> {
  const all = [...entries.values()]
  const cold = [...entries].filter(([, entry]) => isCold(entry)).map(([fetchKey]) => fetchKey)
  for (const entry of all) windows.set(entry, window)
  try {
    const failuresBefore = Math.max(0, ...all.map((entry) => entry.failures))
    const due = Math.max(...all.map((entry) => entry.retryAt)) - Date.now()
    if (due > 0) await sleep(due)
    const outcomes = await attempt([...entries.keys()], timeoutMs)
    let tries = 1
    for (;;) {
      const { fetchKeys, code } = throttledKeys(outcomes, cold)
      const delay = backoffDelay(failuresBefore + tries)
      if (fetchKeys.length === 0 || Date.now() + delay >= window.until) return { outcomes, tries }
      window.onRetry?.(fetchKeys, code, delay)
      await sleep(delay)
      // A process frozen during the wait thaws past the window: nothing more is sent.
      const left = window.until - Date.now()
      if (left <= 0) return { outcomes, tries }
      for (const [fetchKey, outcome] of await attempt(fetchKeys, Math.min(timeoutMs, left))) outcomes.set(fetchKey, outcome)
      tries++
    }
  } finally {
    for (const entry of all) if (windows.get(entry) === window) windows.delete(entry)
  }
}
