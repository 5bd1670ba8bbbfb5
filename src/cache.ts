import { failureFromError, NOT_FOUND_CODES, type Outcome, type RawValue } from './sources/outcome.js'
import { resetSecretsManagerState } from './sources/secrets-manager.js'
import type { FetchRequest, Source } from './sources/source.js'

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

export function cacheEntry(fetchKey: string): CacheEntry | undefined {
  return entries.get(fetchKey)
}

/** Bumped whenever cached values are dropped, so registries rebuild what they hold. */
export function cacheGeneration(): number {
  return generation
}

/**
 * Empties the process-wide cache, e.g. between a user's tests: values, and what was
 * learnt about the account (a denied BatchGetSecretValue). Fetches under way are forgotten.
 */
export function clearRegistryCache(): void {
  entries.clear()
  resetSecretsManagerState()
  generation++
}

function entryFor(fetchKey: string): CacheEntry {
  let entry = entries.get(fetchKey)
  if (!entry) {
    entry = { absent: false, fetchedAt: 0 }
    entries.set(fetchKey, entry)
  }
  return entry
}

function record(entry: CacheEntry, outcome: Outcome, now: number): void {
  if (outcome.ok) {
    entry.raw = outcome.raw
    entry.absent = false
    entry.fetchedAt = now
  } else if (NOT_FOUND_CODES.has(outcome.code)) {
    // Deleted or never created: serving an older value would hide the change.
    entry.raw = undefined
    entry.absent = true
    entry.fetchedAt = now
  }
  // Any other failure leaves the last good value in place.
}

async function fetchGroup(source: Source, requests: LoadRequest[]): Promise<Map<string, Outcome>> {
  try {
    return await source(requests)
  } catch (error) {
    // Sources report per entry and should not throw; if one does, no key is left hanging.
    const failure = failureFromError(error)
    return new Map(requests.map((request) => [request.fetchKey, failure]))
  }
}

/**
 * Loads entries: a key already being fetched joins that fetch; the others are grouped by
 * source and client and sent together, so N due keys cost one batched round trip.
 */
export function load(requests: readonly LoadRequest[]): Map<string, Promise<Outcome>> {
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
    group.requests.push(request)
  }
  for (const { source, requests: batch } of groups.values()) {
    const results = fetchGroup(source, batch)
    for (const { fetchKey } of batch) {
      const entry = entryFor(fetchKey)
      const inflight = results.then((outcomes) => {
        const outcome = outcomes.get(fetchKey) ?? failureFromError(new Error(`no outcome for ${fetchKey}`))
        record(entry, outcome, Date.now())
        return outcome
      })
      entry.inflight = inflight
      void inflight.finally(() => {
        if (entry.inflight === inflight) entry.inflight = undefined
      })
      pending.set(fetchKey, inflight)
    }
  }
  return pending
}
