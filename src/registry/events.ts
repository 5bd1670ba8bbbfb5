import type { Binding } from './binding.js'
import { labelOf } from './binding.js'

/**
 * What happened to one key: served fresh from cache, or by a fetch under way that the
 * invocation joined (`hit`), fetched while the invocation waited (`miss`, once per fetch:
 * by the prefetch or invocation that started it), refreshed in the background or on demand
 * (`refresh`), confirmed unchanged by its source instead of read again (`revalidate`), served
 * past its expiry (`stale-served`), or a failed fetch (`error`).
 */
export type RegistryEventType = 'hit' | 'miss' | 'refresh' | 'revalidate' | 'stale-served' | 'error'

/** An event for logs or metrics. It never carries a value. */
export interface RegistryEvent {
  readonly type: RegistryEventType
  /** The context key, or `key.field` for a service's field. */
  readonly key: string
  readonly source: string
  readonly id: string
  /** Fetch duration (miss, refresh, revalidate, error), how far past its expiry a stale value was, or a hit's wait for a fetch it joined (else 0). */
  readonly ms: number
  /** AWS's error code, on `error` events. */
  readonly code?: string
}

/** Counts of events since the middleware was created. */
export interface RegistryStats {
  hits: number
  misses: number
  refreshes: number
  /** Refreshes that the source answered with "unchanged" (a revision, ETag or version that did not move). */
  revalidations: number
  staleServed: number
  errors: number
  /**
   * Entries the process-wide cache evicted (whichever registry read them) since this
   * middleware was created: a count that keeps growing says `maxEntries` is smaller than
   * the ids in use.
   */
  evictions: number
}

/** What an Observer counts: every statistic but the cache's. */
type EventCounts = Omit<RegistryStats, 'evictions'>

const COUNTERS: Record<RegistryEventType, keyof EventCounts> = {
  hit: 'hits',
  miss: 'misses',
  refresh: 'refreshes',
  revalidate: 'revalidations',
  'stale-served': 'staleServed',
  error: 'errors',
}

/** Counts events for `stats()` and passes them to the user's `onEvent`, if any. */
export class Observer {
  readonly counts: EventCounts = { hits: 0, misses: 0, refreshes: 0, revalidations: 0, staleServed: 0, errors: 0 }

  constructor(private readonly onEvent?: (event: RegistryEvent) => void) {}

  emit(type: RegistryEventType, binding: Binding, ms: number, code?: string): void {
    this.counts[COUNTERS[type]]++
    if (!this.onEvent) return
    const event: RegistryEvent = {
      type,
      key: labelOf(binding),
      source: binding.source,
      id: binding.id,
      ms: Math.max(0, Math.round(ms)),
      ...(code ? { code } : {}),
    }
    try {
      this.onEvent(event)
    } catch {
      // A failing logger or metrics sink must not fail the invocation it observes.
    }
  }

  /** The warm path: every key served from cache. Cheap when nobody listens. */
  hits(bindings: readonly Binding[]): void {
    if (!this.onEvent) {
      this.counts.hits += bindings.length
      return
    }
    for (const binding of bindings) this.emit('hit', binding, 0)
  }
}
