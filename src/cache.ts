import { backoffDelay, jitterFactor } from './freshness.js'
import { failed, failureFromError, NOT_FOUND_CODES, type Outcome, type RawValue } from './sources/outcome.js'
import { forgetProcessState } from './process-state.js'
import { failEach, mergeResults, type FetchRequest, type Source } from './sources/source.js'

/**
 * One fetched entry, shared by every registry in the process. Freshness is judged by each
 * reader with its own `cacheExpiry`, so two registries can share an entry yet expire it
 * differently.
 */
export interface CacheEntry {
  /** The last good value; kept when a later fetch fails. */
  raw?: RawValue
  /** The last fetch said the entry does not exist (an optional reference resolves to undefined). */
  absent: boolean
  /** When `raw` (or `absent`) was fetched; 0 when never. */
  fetchedAt: number
  /** This fetch's share of the expiry (0.95 to 1), so that containers drift apart. */
  jitter: number
  /** When a secret's rotation is scheduled (DescribeSecret), if the reference asked for it. */
  rotatesAt?: number
  /** Failed fetches in a row, and when a background refresh may try again. */
  failures: number
  retryAt: number
  /** The fetch under way, which every concurrent reader joins. */
  inflight?: Promise<Outcome>
}

/** A request to load, with the source that serves it. */
export interface LoadRequest extends FetchRequest {
  readonly source: Source
  /** Requests with the same group go to the source together (same source and client). */
  readonly group: string
}

const entries = new Map<string, CacheEntry>()
let generation = 0
// How many times the cache was emptied: a refresh not yet sent when it is, is dropped.
let clears = 0

/** The outcome of a background refresh that clearRegistryCache() dropped before it was sent. */
export const REFRESH_CANCELLED = 'RefreshCancelled'

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
  forgetProcessState()
  generation++
  clears++
}

function entryFor(fetchKey: string): CacheEntry {
  let entry = entries.get(fetchKey)
  if (!entry) {
    entry = { absent: false, fetchedAt: 0, jitter: 1, failures: 0, retryAt: 0 }
    entries.set(fetchKey, entry)
  }
  return entry
}

function record(entry: CacheEntry, outcome: Outcome, now: number, jitter: number): void {
  if (!outcome.ok && !NOT_FOUND_CODES.has(outcome.code)) {
    // The last good value stays; background refreshes back off so that a throttled
    // registry is not hammered by every warm container.
    entry.failures++
    entry.retryAt = now + backoffDelay(entry.failures)
    return
  }
  // Deleted or never created: serving an older value would hide the change.
  entry.raw = outcome.ok ? outcome.raw : undefined
  entry.absent = !outcome.ok
  entry.rotatesAt = outcome.ok && outcome.raw.kind === 'secret' ? outcome.raw.rotatesAt : undefined
  entry.fetchedAt = now
  entry.jitter = jitter
  entry.failures = 0
  entry.retryAt = 0
}

// A request signed before Lambda froze the process and sent after it thawed arrives with
// an expired signature. Sending it again signs it anew.
const isExpiredSignature = (outcome: Outcome | undefined) =>
  outcome !== undefined && !outcome.ok && (outcome.code === 'InvalidSignatureException' || /signature expired/i.test(outcome.message))

async function callSource(source: Source, requests: readonly LoadRequest[]): Promise<Map<string, Outcome>> {
  try {
    return await source(requests)
  } catch (error) {
    // Sources report per entry and should not throw; if one does, no key is left hanging.
    return failEach(requests, failureFromError(error))
  }
}

async function fetchGroup(source: Source, requests: readonly LoadRequest[]): Promise<Map<string, Outcome>> {
  const outcomes = await callSource(source, requests)
  const resend = requests.filter((request) => isExpiredSignature(outcomes.get(request.fetchKey)))
  if (resend.length === 0) return outcomes
  return mergeResults([outcomes, await callSource(source, resend)])
}

/** When a load's requests are built and sent: at once, or after the current invocation. */
export type LoadTiming = 'now' | 'after-invocation'

// setImmediate runs after every promise job of the invocation that started the refresh,
// so building and signing the requests (about a millisecond of SDK work) no longer delays
// that invocation; on Lambda it overlaps the runtime posting the response. Not a timer:
// it cannot fire later than the current turn of the event loop, even across a freeze.
const afterInvocation = () => new Promise<void>((resolve) => setImmediate(resolve))

// A test that clears the cache between cases must not see the previous case's refresh reach
// its mocks: what was not sent yet is not sent at all.
async function fetchAfterInvocation(source: Source, requests: readonly LoadRequest[]): Promise<Map<string, Outcome>> {
  const clearsAtStart = clears
  await afterInvocation()
  if (clears !== clearsAtStart) return failEach(requests, failed(REFRESH_CANCELLED, 'the cache was cleared before this refresh was sent'))
  return fetchGroup(source, requests)
}

/**
 * Loads entries: a key already being fetched joins that fetch; the others are grouped by
 * source and client and sent together, so N due keys cost one batched round trip. The
 * promises never reject: a failure is an outcome. A key counts as in flight from this
 * call on, whatever the timing, so concurrent readers never start a second fetch.
 */
export function load(requests: readonly LoadRequest[], timing: LoadTiming = 'now'): Map<string, Promise<Outcome>> {
  const pending = new Map<string, Promise<Outcome>>()
  const groups = new Map<string, { source: Source; requests: LoadRequest[] }>()
  const seen = new Set<string>()
  for (const request of requests) {
    // Two keys may declare one entry (say ssm() and ssm.list() of one name): fetch it once.
    if (seen.has(request.fetchKey)) continue
    seen.add(request.fetchKey)
    const entry = entryFor(request.fetchKey)
    if (entry.inflight) {
      pending.set(request.fetchKey, entry.inflight)
      continue
    }
    let group = groups.get(request.group)
    if (!group) groups.set(request.group, (group = { source: request.source, requests: [] }))
    // The last good value goes along, for sources that can revalidate it (Cloud Map's revision).
    group.requests.push(entry.raw ? { ...request, previous: entry.raw } : request)
  }
  // Values fetched together are dated and jittered together, so they also expire together
  // and are refreshed in one batch, not one small batch per key.
  const startedAt = Date.now()
  const jitter = jitterFactor()
  for (const { source, requests: batch } of groups.values()) {
    const results = timing === 'now' ? fetchGroup(source, batch) : fetchAfterInvocation(source, batch)
    for (const { fetchKey } of batch) {
      const entry = entryFor(fetchKey)
      const inflight = results.then((outcomes) => {
        const outcome = outcomes.get(fetchKey) ?? failureFromError(new Error(`no outcome for ${fetchKey}`))
        record(entry, outcome, startedAt, jitter)
        if (entry.inflight === inflight) entry.inflight = undefined
        return outcome
      })
      entry.inflight = inflight
      pending.set(fetchKey, inflight)
    }
  }
  return pending
}
