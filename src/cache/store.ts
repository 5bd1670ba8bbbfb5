import { withDeadline } from '../core/deadline.js'
import { type FetchFailed, failed, failureFromError, NOT_FOUND_CODES, type Outcome, TIMEOUT } from '../core/outcome.js'
import type { FetchRequest, Source } from '../core/reference.js'
import { failEach, mergeResults } from '../core/source.js'
import { EntryBound } from './bound.js'
import type { CacheEntry } from './entry.js'
import { BACKOFF_BASE, BACKOFF_CAP, backoffDelay, jitterFactor } from './freshness.js'
import { forgetProcessState } from './process-state.js'
import { COLD_RETRY_CAP, isCold, joinWindow, type RetryWindow, type Settle, waitCures, withThrottleRetries } from './throttle-retry.js'

/** A request to load, with the source that serves it. */
export interface LoadRequest extends FetchRequest {
  readonly source: Source
  /** Requests with the same group go to the source together (same source and client). */
  readonly group: string
  /** Milliseconds the source may take for the whole batch, retries included. */
  readonly timeout: number
}

const entries = new Map<string, CacheEntry>()
const bound = new EntryBound(entries)
let generation = 0
// How many times the cache was emptied: a refresh not yet sent when it is, is dropped.
let clears = 0

/** The outcome of a background refresh that clearRegistryCache() dropped before it was sent. */
export const REFRESH_CANCELLED = 'RefreshCancelled'

/** Applies a registry's `maxEntries` to the shared cache (the smallest any registry sets). */
export const limitCacheEntries = (limit: number | undefined): void => bound.limit(limit)
/** Marks the entries of fixed ids, which are never evicted. */
export const pinCacheEntries = (fetchKeys: Iterable<string>): void => bound.pin(fetchKeys)
/** Marks an entry as just used, so that it is evicted last. */
export const touchCacheEntry = (fetchKey: string): void => bound.touch(fetchKey)
/** How many entries the cache has evicted since the process started. */
export const cacheEvictions = (): number => bound.evictions

export function cacheEntry(fetchKey: string): CacheEntry | undefined {
  return entries.get(fetchKey)
}

/** Bumped whenever cached values are dropped, so registries rebuild what they hold. */
export function cacheGeneration(): number {
  return generation
}

/** Makes every registry re-read what it serves (its snapshot is dropped at the next invocation). */
export function bumpCacheGeneration(): void {
  generation++
}

/**
 * Empties the process-wide cache, e.g. between a user's tests: values, role credentials,
 * clients, and what was learnt about the account (a denied BatchGetSecretValue). Fetches
 * under way are forgotten.
 */
export function clearRegistryCache(): void {
  entries.clear()
  bound.clear()
  forgetProcessState()
  generation++
  clears++
}

function entryFor(fetchKey: string): CacheEntry {
  const entry = entries.get(fetchKey)
  if (entry) {
    bound.touch(fetchKey)
    return entry
  }
  const created: CacheEntry = { absent: false, fetchedAt: 0, jitter: 1, failures: 0, retryAt: 0 }
  bound.track(fetchKey, created)
  entries.set(fetchKey, created)
  return created
}

const isFailure = (outcome: Outcome): outcome is FetchFailed => !outcome.ok && !NOT_FOUND_CODES.has(outcome.code)

function recordValue(entry: CacheEntry, outcome: Outcome, fetchedAt: number, jitter: number): void {
  // Deleted or never created: serving an older value would hide the change.
  entry.raw = outcome.ok ? outcome.raw : undefined
  entry.absent = !outcome.ok
  entry.validUntil = outcome.ok ? outcome.raw.validUntil : undefined
  entry.fetchedAt = fetchedAt
  entry.jitter = jitter
  entry.failures = 0
  entry.retryAt = 0
  entry.lastFailure = undefined
}

/**
 * Stores what one batch fetched. A failure keeps the last good value; the keys that failed
 * together back off together, on one schedule drawn for the batch, so that they are
 * retried in one batch, not one small batch per key, and a throttled registry is not
 * hammered by every warm container.
 */
function recordBatch(batch: ReadonlyArray<{ entry: CacheEntry; outcome: Outcome }>, fetchedAt: number, jitter: number, tries = 1): void {
  const failing = batch.filter(({ outcome }) => isFailure(outcome))
  for (const { entry, outcome } of batch) if (!isFailure(outcome)) recordValue(entry, outcome, fetchedAt, jitter)
  if (failing.length === 0) return
  // A fetch that retried throttling counts each try: the backoff goes on from where its retries left it.
  const failures = tries + Math.max(...failing.map(({ entry }) => entry.failures))
  // One draw for the batch, from the end of the fetch (one that timed out must not be due again
  // the moment it ends). Throttled keys with nothing cached keep the cold-start retries' cap:
  // the next waiting invocation is what they need, and a refresh's backoff would shut it out.
  const draw = Math.random()
  const now = Date.now()
  for (const { entry, outcome } of failing) {
    const cap = waitCures(entry, outcome) ? COLD_RETRY_CAP : BACKOFF_CAP
    entry.failures = failures
    entry.retryAt = now + backoffDelay(failures, () => draw, BACKOFF_BASE, cap)
    entry.lastFailure = outcome as FetchFailed
  }
}

// A request signed before Lambda froze the process and sent after it thawed arrives with
// an expired signature. Sending it again signs it anew.
const isExpiredSignature = (outcome: Outcome | undefined) =>
  outcome !== undefined && !outcome.ok && (outcome.code === 'InvalidSignatureException' || /signature expired/i.test(outcome.message))

async function callSource(source: Source, requests: readonly LoadRequest[], signal: AbortSignal): Promise<Map<string, Outcome>> {
  try {
    return await source(requests, signal)
  } catch (error) {
    // Sources report per entry and should not throw; if one does, no key is left hanging.
    return failEach(requests, failureFromError(error))
  }
}

async function sendGroup(source: Source, requests: readonly LoadRequest[], signal: AbortSignal): Promise<Map<string, Outcome>> {
  const outcomes = await callSource(source, requests, signal)
  const resend = requests.filter((request) => isExpiredSignature(outcomes.get(request.fetchKey)))
  if (resend.length === 0) return outcomes
  return mergeResults([outcomes, await callSource(source, resend, signal)])
}

/**
 * Sends a batch with its deadline: at the deadline its requests are aborted and its keys
 * fail with `Timeout`, which frees them for the next fetch (a hung connection must not
 * hold a key, and every reader that joins it, forever).
 */
function fetchGroup(source: Source, requests: readonly LoadRequest[]): Promise<Map<string, Outcome>> {
  const timeout = Math.max(...requests.map((request) => request.timeout))
  return withDeadline(
    timeout,
    (signal) => sendGroup(source, requests, signal),
    () => failEach(requests, failed(TIMEOUT, `no answer within the request timeout (${timeout} ms); the request was ended`)),
  )
}

/** When a load's requests are built and sent: at once, or after the current invocation. */
export type LoadTiming = 'now' | 'after-invocation'

/**
 * A load that an invocation waits for (sent now): its keys with nothing cached retry
 * throttling until `waitUntil`, the invocation's wait limit (without one, until the request
 * timeout), telling `onRetry` before each retry.
 */
export interface WaitedFor {
  readonly waitUntil?: number
  readonly onRetry?: RetryWindow['onRetry']
}

// setImmediate runs after every promise job of the invocation that started the refresh,
// so building and signing the requests (about a millisecond of SDK work) no longer delays
// that invocation; on Lambda it overlaps the runtime posting the response. Not a timer:
// it cannot fire later than the current turn of the event loop, even across a freeze.
const afterInvocation = () => new Promise<void>((resolve) => setImmediate(resolve))

// A test that clears the cache between cases must not see the previous case's fetches reach
// its mocks: what was not sent before the clear (`clearsAtStart` is the count then) is not sent at all.
function fetchUnlessCleared(source: Source, requests: readonly LoadRequest[], clearsAtStart: number, what: string): Promise<Map<string, Outcome>> {
  if (clears !== clearsAtStart) return Promise.resolve(failEach(requests, failed(REFRESH_CANCELLED, `the cache was cleared before this ${what} was sent`)))
  return fetchGroup(source, requests)
}

async function fetchAfterInvocation(source: Source, requests: readonly LoadRequest[]): Promise<Map<string, Outcome>> {
  const clearsAtStart = clears
  await afterInvocation()
  return fetchUnlessCleared(source, requests, clearsAtStart, 'refresh')
}

type Sent = Promise<{ outcomes: Map<string, Outcome>; tries: number }>

/**
 * Sends one group: a refresh after the invocation; a waited-for load now, retrying the
 * throttling of its keys that have nothing cached (the one case a wait cures) within its window.
 */
function sendBatch(source: Source, batch: readonly LoadRequest[], entries: readonly CacheEntry[], timing: LoadTiming | WaitedFor, settle: Settle): Sent {
  const once = (results: Promise<Map<string, Outcome>>) => results.then((outcomes) => ({ outcomes, tries: 1 }))
  if (timing === 'after-invocation') return once(fetchAfterInvocation(source, batch))
  if (timing === 'now' || !entries.some(isCold)) return once(fetchGroup(source, batch))
  const window: RetryWindow = { until: timing.waitUntil ?? Date.now() + Math.max(...batch.map((request) => request.timeout)), onRetry: timing.onRetry }
  const byKey = new Map(batch.map((request) => [request.fetchKey, request]))
  // A cache cleared meanwhile (a test's reset) stops the fetch: no try is sent after it.
  const clearsAtStart = clears
  const cancelled = () => clears !== clearsAtStart
  const attempt = (fetchKeys: readonly string[]) =>
    fetchUnlessCleared(
      source,
      fetchKeys.map((fetchKey) => byKey.get(fetchKey)!),
      clearsAtStart,
      'fetch',
    )
  return withThrottleRetries(new Map(batch.map(({ fetchKey }, index) => [fetchKey, entries[index]!])), window, attempt, { settle, cancelled })
}

/**
 * Each key of a batch as a promise of its outcome, and `settle`, which records the outcomes
 * of some keys and resolves their promises: a key read by the first try of a batch whose
 * other keys retry throttling is served at once, not after its siblings' last try.
 */
function settlementOf(batch: readonly LoadRequest[], entries: readonly CacheEntry[], startedAt: number, jitter: number) {
  const resolvers = new Map<string, { entry: CacheEntry; resolve: (outcome: Outcome) => void }>()
  const promises = batch.map(({ fetchKey }, index) => new Promise<Outcome>((resolve) => resolvers.set(fetchKey, { entry: entries[index]!, resolve })))
  const settle: Settle = (fetchKeys, outcomes, tries) => {
    const settled = fetchKeys.flatMap((fetchKey) => {
      const waiting = resolvers.get(fetchKey)
      resolvers.delete(fetchKey)
      return waiting ? [{ ...waiting, outcome: outcomes.get(fetchKey) ?? failed('NotResolved', `no outcome for ${fetchKey}`) }] : []
    })
    try {
      recordBatch(settled, startedAt, jitter, tries)
      // Past the bound, what was fetched earlier and not used since makes room.
      bound.evictOverflow()
    } finally {
      // Whatever happens above, no reader is left waiting on a key.
      for (const { resolve, outcome } of settled) resolve(outcome)
    }
  }
  return { promises, settle }
}

/**
 * Loads entries: a key already being fetched joins that fetch; the others are grouped by
 * source and client and sent together, so N due keys cost one batched round trip. The
 * promises never reject: a failure is an outcome. A key counts as in flight from this
 * call on, whatever the timing, so concurrent readers never start a second fetch.
 */
export function load(requests: readonly LoadRequest[], timing: LoadTiming | WaitedFor = 'now'): Map<string, Promise<Outcome>> {
  const pending = new Map<string, Promise<Outcome>>()
  const groups = new Map<string, { source: Source; requests: LoadRequest[]; entries: CacheEntry[] }>()
  const seen = new Set<string>()
  for (const request of requests) {
    // Two keys may declare one entry (say ssm() and ssm.list() of one name): fetch it once.
    if (seen.has(request.fetchKey)) continue
    seen.add(request.fetchKey)
    const entry = entryFor(request.fetchKey)
    if (entry.inflight) {
      if (typeof timing === 'object') joinWindow(entry, timing.waitUntil)
      pending.set(request.fetchKey, entry.inflight)
      continue
    }
    let group = groups.get(request.group)
    if (!group) groups.set(request.group, (group = { source: request.source, requests: [], entries: [] }))
    // The last good value goes along, for sources that can revalidate it (Cloud Map's revision).
    group.requests.push(entry.raw ? { ...request, previous: entry.raw } : request)
    // The entry as it is now: a fetch writes into it even if the cache is cleared meanwhile.
    group.entries.push(entry)
  }
  // Values fetched together are dated and jittered together, so they also expire together
  // and are refreshed in one batch, not one small batch per key.
  const startedAt = Date.now()
  const jitter = jitterFactor()
  for (const { source, requests: batch, entries } of groups.values()) {
    const { promises, settle } = settlementOf(batch, entries, startedAt, jitter)
    const fetchKeys = batch.map(({ fetchKey }) => fetchKey)
    // Whatever was not settled along the way is settled when the fetch ends, even if it throws.
    sendBatch(source, batch, entries, timing, settle)
      .then(
        ({ outcomes, tries }) => settle(fetchKeys, outcomes, tries),
        (error: unknown) => settle(fetchKeys, failEach(batch, failureFromError(error)), 1),
      )
      // settle() has resolved every key even if recording threw: nothing is left to report to.
      .catch(() => undefined)
    batch.forEach(({ fetchKey }, index) => {
      const entry = entries[index]!
      const inflight: Promise<Outcome> = promises[index]!.then((outcome) => {
        if (entry.inflight === inflight) entry.inflight = undefined
        return outcome
      })
      entry.inflight = inflight
      pending.set(fetchKey, inflight)
    })
  }
  return pending
}
