import { cacheEntry, cacheGeneration, load, type CacheEntry, type LoadRequest } from './cache.js'
import { decode } from './decode.js'
import { RegistryError, type RegistryFailure } from './errors.js'
import type { Reference } from './references/reference.js'
import { NOT_FOUND_CODES, type Outcome } from './sources/outcome.js'
import type { Route } from './sources/route.js'

/** One declared context key, bound to its reference, its route and its expiry. */
export interface Binding {
  readonly key: string
  readonly reference: Reference
  readonly route: Route
  readonly request: LoadRequest
  /** Milliseconds a value is fresh for this key. */
  readonly cacheExpiry: number
}

/** What one registry hands to its handlers until `freshUntil`. */
export interface Snapshot {
  /** Property descriptors for the context: secrets are non-enumerable. */
  readonly descriptors: PropertyDescriptorMap
  readonly freshUntil: number
  readonly generation: number
}

function isFresh(binding: Binding, entry: CacheEntry | undefined, now: number): entry is CacheEntry {
  if (!entry) return false
  const usable = entry.raw !== undefined || (entry.absent && binding.reference.options.optional === true)
  return usable && now < entry.fetchedAt + binding.cacheExpiry
}

function failureOf(binding: Binding, code: string, message: string): RegistryFailure {
  const { key, reference, route } = binding
  return { key, source: route.sourceName, id: reference.id + reference.selector, code, message }
}

/** Turns an entry (or a failed fetch) into a context value or a failure for one key. */
function settle(binding: Binding, entry: CacheEntry, outcome: Outcome | undefined): PropertyDescriptor | RegistryFailure {
  if (outcome && !outcome.ok && !(NOT_FOUND_CODES.has(outcome.code) && binding.reference.options.optional)) {
    return failureOf(binding, outcome.code, outcome.message)
  }
  if (!entry.raw) return { value: undefined, enumerable: true, configurable: true, writable: true }
  const decoded = decode(entry.raw, binding.reference)
  if (!decoded.ok) return failureOf(binding, decoded.code, decoded.message)
  return { value: decoded.value, enumerable: !decoded.masked, configurable: true, writable: true }
}

const isFailure = (value: PropertyDescriptor | RegistryFailure): value is RegistryFailure => 'code' in value

/**
 * Resolves every binding: fresh entries come from the cache, the rest are loaded in one
 * batched round trip. Rejects with a RegistryError naming every key that failed.
 */
export async function resolveBindings(bindings: readonly Binding[], now = Date.now()): Promise<Snapshot> {
  const generation = cacheGeneration()
  const due = bindings.filter((binding) => !isFresh(binding, cacheEntry(binding.request.fetchKey), now))
  const loading = load(due.map((binding) => binding.request))
  // Held now: a fetch writes into these objects even if the cache is cleared meanwhile.
  const entries = bindings.map((binding) => cacheEntry(binding.request.fetchKey)!)
  const outcomes = new Map<string, Outcome>()
  await Promise.all([...loading].map(async ([fetchKey, pending]) => outcomes.set(fetchKey, await pending)))

  const descriptors: PropertyDescriptorMap = {}
  const failures: RegistryFailure[] = []
  let freshUntil = Infinity
  bindings.forEach((binding, index) => {
    const entry = entries[index]!
    const settled = settle(binding, entry, outcomes.get(binding.request.fetchKey))
    if (isFailure(settled)) failures.push(settled)
    else descriptors[binding.key] = settled
    freshUntil = Math.min(freshUntil, entry.fetchedAt + binding.cacheExpiry)
  })
  if (failures.length > 0) throw new RegistryError(failures)
  return { descriptors, freshUntil, generation }
}
