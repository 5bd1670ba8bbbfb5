import type { CacheEntry } from '../cache/entry.js'
import { expiresAt, type Freshness, freshnessOf, mayRefresh, withinMaxStale } from '../cache/freshness.js'
import { cacheEntry, cacheGeneration, load, REFRESH_CANCELLED } from '../cache/store.js'
import { hasRoomForRetry, retryingAfter, waitCures } from '../cache/throttle-retry.js'
import { withDeadline } from '../core/deadline.js'
import { decode } from '../core/decode.js'
import { failed, NOT_FOUND_CODES, type Outcome, TIMEOUT } from '../core/outcome.js'
import { absentProperty } from './absent.js'
import { collectProperties, readFailureOf } from './assemble.js'
import type { Binding } from './binding.js'
import { type Injection, injectionOf } from './context.js'
import type { RegistryFailure } from './errors.js'
import type { Observer } from './events.js'

/** What one registry hands to its handlers until `freshUntil`. */
export interface Snapshot {
  /** The values, laid out for injection: secrets apart, to be inherited. */
  readonly injection: Injection
  readonly freshUntil: number
  readonly generation: number
}

/** A context property from the entry's value; secrets are non-enumerable. */
function propertyOf(binding: Binding, entry: CacheEntry): PropertyDescriptor | RegistryFailure {
  if (!entry.raw) return absentProperty(binding)
  const decoded = decode(entry.raw, binding.reference)
  if (!decoded.ok) return readFailureOf(binding, decoded)
  return { value: decoded.value, enumerable: !decoded.masked, configurable: true, writable: true }
}

// A not-found outcome of an optional reference is a value: undefined, or its default.
const isAcceptable = (binding: Binding, outcome: Outcome) => outcome.ok || (binding.policy.optional && NOT_FOUND_CODES.has(outcome.code))

/**
 * Why a key still loading at the end of the wait failed: the throttling its fetch has met
 * and is still retrying, else a `Timeout`. The fetch goes on for the next invocation.
 */
function gaveUpOn(fetchKey: string, waitMs: number): Outcome {
  const throttled = retryingAfter(cacheEntry(fetchKey))
  if (throttled)
    return failed(throttled.code, `${throttled.message} (still throttled when the wait ended; the fetch goes on for the next invocation)`, throttled.detail)
  return failed(
    TIMEOUT,
    `no answer within the invocation's remaining time (${Math.round(waitMs)} ms less the margin); the fetch goes on for the next invocation`,
  )
}

/**
 * Waits for the keys being loaded, for at most `waitMs` (the invocation's remaining time):
 * keys still loading then fail (`gaveUpOn`), while their fetch goes on.
 */
function outcomesOf(loading: Map<string, Promise<Outcome>>, waitMs: number | undefined): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>()
  const all = Promise.all([...loading].map(async ([fetchKey, pending]) => outcomes.set(fetchKey, await pending))).then(() => outcomes)
  if (waitMs === undefined) return all
  return withDeadline(
    Math.max(0, waitMs),
    () => all,
    () => new Map([...loading.keys()].map((fetchKey) => [fetchKey, outcomes.get(fetchKey) ?? gaveUpOn(fetchKey, waitMs)])),
  )
}

/**
 * A key with no usable value whose last fetch failed is not fetched again before its
 * backoff ends: one probe per interval, not one request per invocation, reaches a failing
 * registry. Until then the invocation fails at once with the last error.
 */
function backingOff(entry: CacheEntry | undefined, now: number, waitUntil: number | undefined): Outcome | undefined {
  if (!entry?.lastFailure || entry.inflight || now >= entry.retryAt) return undefined
  // Throttled with nothing cached, and the reader may wait for the next try: it fetches again, on
  // the cold-start retries' capped backoff (cache/throttle-retry.ts), not after a refresh's long
  // one, which a prefetch that spent its window retrying would have set past the whole invocation.
  if (waitUntil !== undefined && waitCures(entry, entry.lastFailure) && hasRoomForRetry(entry, waitUntil)) return undefined
  const { code, message, detail } = entry.lastFailure
  return failed(
    code,
    `${message} (${entry.failures} failed ${entry.failures === 1 ? 'fetch' : 'fetches'} in a row; next try in ${Math.ceil(entry.retryAt - now)} ms)`,
    detail,
  )
}

/** Reports each finished refresh as a `refresh`, `revalidate` or `error` event of the keys it serves. */
function reportRefreshes(bindings: readonly Binding[], loading: Map<string, Promise<Outcome>>, observer: Observer, started: number) {
  return [...loading].map(async ([fetchKey, pending]) => {
    const outcome = await pending
    for (const binding of bindings.filter((candidate) => candidate.request.fetchKey === fetchKey)) {
      observer.changes?.notice(binding, cacheEntry(fetchKey))
      if (isAcceptable(binding, outcome)) observer.emit(outcome.ok && outcome.revalidated ? 'revalidate' : 'refresh', binding, Date.now() - started)
      else if (!outcome.ok && outcome.code !== REFRESH_CANCELLED) observer.emit('error', binding, Date.now() - started, outcome.code)
    }
    return outcome
  })
}

/** Reports each retry of a throttled fetch this reader started as a `retry` event of the keys it serves, with the wait before it. */
const reportRetries = (bindings: readonly Binding[], observer: Observer) => (fetchKeys: readonly string[], code: string, delay: number) => {
  for (const binding of bindings.filter((candidate) => fetchKeys.includes(candidate.request.fetchKey))) observer.emit('retry', binding, delay, code)
}

/**
 * Starts one batched refresh of the stale keys that may refresh now; nobody awaits it, and
 * its requests go out once the invocation that noticed the expiry has done its own work.
 */
function refreshInBackground(stale: readonly Binding[], observer: Observer, now: number): void {
  const due = stale.filter((binding) => mayRefresh(cacheEntry(binding.request.fetchKey)!, now))
  if (due.length > 0)
    reportRefreshes(
      due,
      load(
        due.map((binding) => binding.request),
        'after-invocation',
      ),
      observer,
      now,
    )
}

/**
 * Settles one key after any wait: its value (fresh, stale or fetched) or its failure. A
 * fetch is one `miss`, reported by the reader that started it; a reader that joined a fetch
 * already under way (the prefetch, a concurrent invocation) was served from the cache: a `hit`.
 */
function settle(binding: Binding, entry: CacheEntry, freshness: Freshness, outcome: Outcome | undefined, joined: boolean, observer: Observer, now: number) {
  if (freshness === 'fresh') observer.emit('hit', binding, 0)
  else if (freshness === 'stale') observer.emit('stale-served', binding, now - expiresAt(entry, binding.policy))
  else if (outcome && isAcceptable(binding, outcome)) observer.emit(joined ? 'hit' : 'miss', binding, Date.now() - now)
  else if (outcome && !outcome.ok) {
    observer.emit('error', binding, Date.now() - now, outcome.code)
    // Keep serving the last good value through an outage, up to maxStale.
    if (!withinMaxStale(entry, binding.policy, now) || NOT_FOUND_CODES.has(outcome.code)) return readFailureOf(binding, outcome)
    observer.emit('stale-served', binding, now - expiresAt(entry, binding.policy))
  } else if (!outcome) return readFailureOf(binding, failed('NotResolved', 'no fetch was made for this key'))
  return propertyOf(binding, entry)
}

function snapshotOf(
  bindings: readonly Binding[],
  entries: readonly CacheEntry[],
  freshness: readonly Freshness[],
  outcomes: Map<string, Outcome>,
  joined: ReadonlySet<string>,
  observer: Observer,
  now: number,
  generation: number,
): Snapshot {
  const descriptors = collectProperties(bindings, (binding, index) => {
    const { fetchKey } = binding.request
    // Also where another registry's refresh is first seen: each registry hears of a change once.
    observer.changes?.notice(binding, entries[index])
    return settle(binding, entries[index]!, freshness[index]!, outcomes.get(fetchKey), joined.has(fetchKey), observer, now)
  })
  const freshUntil = Math.min(...bindings.map((binding, index) => expiresAt(entries[index]!, binding.policy)))
  return { injection: injectionOf(descriptors), freshUntil, generation }
}

/**
 * Resolves every key: fresh values from the cache; stale ones served while one batched
 * refresh runs in the background; unusable ones loaded in one batched round trip that the
 * invocation waits for. Returns synchronously when nothing must be waited for. Throws (or
 * rejects) with a RegistryError naming every key that has no usable value.
 */
export function resolveBindings(bindings: readonly Binding[], observer: Observer, now = Date.now(), waitMs?: number): Snapshot | Promise<Snapshot> {
  const generation = cacheGeneration()
  const waitUntil = waitMs === undefined ? undefined : now + waitMs
  const freshness = bindings.map((binding) => freshnessOf(cacheEntry(binding.request.fetchKey), binding.policy, now))
  refreshInBackground(
    bindings.filter((_, index) => freshness[index] === 'stale'),
    observer,
    now,
  )
  const held = new Map<string, Outcome>()
  const due: Binding[] = []
  bindings.forEach((binding, index) => {
    if (freshness[index] !== 'unusable') return
    const failing = backingOff(cacheEntry(binding.request.fetchKey), now, waitUntil)
    if (failing) held.set(binding.request.fetchKey, failing)
    else due.push(binding)
  })
  // Known before load(), which makes every due key in flight: these join a fetch someone else started.
  const joined = new Set(due.filter((binding) => cacheEntry(binding.request.fetchKey)?.inflight).map((binding) => binding.request.fetchKey))
  const loading = load(
    due.map((binding) => binding.request),
    { waitUntil, onRetry: reportRetries(due, observer) },
  )
  // Held now: a fetch writes into these objects even if the cache is cleared meanwhile.
  const entries = bindings.map((binding) => cacheEntry(binding.request.fetchKey)!)
  if (loading.size === 0) return snapshotOf(bindings, entries, freshness, held, joined, observer, now, generation)
  return outcomesOf(loading, waitMs).then((outcomes) =>
    snapshotOf(bindings, entries, freshness, new Map([...held, ...outcomes]), joined, observer, now, generation),
  )
}

/**
 * Fetches the given keys now, whatever their freshness; concurrent calls share requests.
 * Resolves to the keys' new context properties.
 */
export async function refreshBindings(bindings: readonly Binding[], observer: Observer): Promise<PropertyDescriptorMap> {
  const loading = load(bindings.map((binding) => binding.request))
  const entries = bindings.map((binding) => cacheEntry(binding.request.fetchKey)!)
  const outcomes = await Promise.all(reportRefreshes(bindings, loading, observer, Date.now()))
  const byKey = new Map([...loading.keys()].map((fetchKey, index) => [fetchKey, outcomes[index]!]))
  return collectProperties(bindings, (binding, index) => {
    const outcome = byKey.get(binding.request.fetchKey)!
    return isAcceptable(binding, outcome) ? propertyOf(binding, entries[index]!) : readFailureOf(binding, outcome.ok ? failed('NotResolved', '') : outcome)
  })
}
