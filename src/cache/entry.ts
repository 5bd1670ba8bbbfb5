import type { FetchFailed, Outcome, RawPayload } from '../core/outcome.js'
import type { RecencyNode } from './recency.js'

/**
 * One fetched entry, shared by every registry in the process. Freshness is judged by each
 * reader with its own `cacheExpiry`, so two registries can share an entry yet expire it
 * differently.
 */
export interface CacheEntry {
  /** The last good value; kept when a later fetch fails. */
  raw?: RawPayload
  /** The last fetch said the entry does not exist (an optional reference resolves to undefined). */
  absent: boolean
  /** When `raw` (or `absent`) was fetched; 0 when never. */
  fetchedAt: number
  /** This fetch's share of the expiry (0.95 to 1), so that containers drift apart. */
  jitter: number
  /** When the payload said it stops being fresh (a secret's scheduled rotation, if the reference asked for it). */
  validUntil?: number
  /**
   * Failed fetches in a row, the last failure, and when the next fetch may be sent (a
   * background refresh, or the one probe of a key that has no usable value).
   */
  failures: number
  retryAt: number
  lastFailure?: FetchFailed
  /** The fetch under way, which every concurrent reader joins. */
  inflight?: Promise<Outcome>
  /** Its place in the eviction order (a per-invocation id's); none for a fixed id's, which is never evicted. */
  recency?: RecencyNode<string>
}
