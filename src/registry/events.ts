import type { Binding } from './binding.js'
import { labelOf } from './binding.js'
import { ChangeTracker, ON_CHANGE_FAILED, type OnChange } from './changes.js'

/**
 * What happened to one key: served fresh from cache, or by a fetch under way that the
 * invocation joined (`hit`), fetched while the invocation waited (`miss`, once per fetch:
 * by the prefetch or invocation that started it), refreshed in the background or on demand
 * (`refresh`), confirmed unchanged by its source instead of read again (`revalidate`), served
 * past its expiry (`stale-served`), a failed fetch or `onChange` callback (`error`), or a throttled fetch that an
 * invocation waits for, with nothing cached, sent again after a backoff (`retry`, before each try).
 */
export type RegistryEventType = 'hit' | 'miss' | 'refresh' | 'revalidate' | 'stale-served' | 'error' | 'retry'

/** An event for logs or metrics. It never carries a value. */
export interface RegistryEvent {
  readonly type: RegistryEventType
  /** The context key, or `key.field` for a service's field. */
  readonly key: string
  readonly source: string
  readonly id: string
  /**
   * Fetch duration (miss, refresh, revalidate, error), how far past its expiry a stale value
   * was, a hit's wait for a fetch it joined, or the backoff before a retry (else 0).
   */
  readonly ms: number
  /** AWS's error code, on `error` and `retry` events; `OnChangeFailed` when the `onChange` callback threw or rejected. */
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
  /** Throttled cold fetches sent again (one per key and retry); `errors` counts only how the fetch ended. */
  retries: number
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
  retry: 'retries',
}

/** Counts events for `stats()` and passes them to the user's `onEvent`, if any. */
export class Observer {
  readonly counts: EventCounts = { hits: 0, misses: 0, refreshes: 0, revalidations: 0, staleServed: 0, errors: 0, retries: 0 }

  /** Compares each key's value with the last one seen, for `onChange`; none without it. */
  readonly changes?: ChangeTracker

  constructor(
    private readonly onEvent?: (event: RegistryEvent) => void,
    onChange?: OnChange,
  ) {
    if (onChange) this.changes = new ChangeTracker(onChange, (binding, ms) => this.emit('error', binding, ms, ON_CHANGE_FAILED))
  }

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
