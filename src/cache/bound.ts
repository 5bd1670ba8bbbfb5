/**
 * The bound on the process-wide cache (`maxEntries`): which entries may be evicted, in what
 * order, and when. Only entries of per-invocation ids are evicted, least recently used first.
 */
import type { CacheEntry } from './entry.js'
import { Recency } from './recency.js'

/**
 * How many entries the cache keeps when no registry sets `maxEntries`. A per-tenant API key
 * or endpoint costs well under a kilobyte with its entry, so a thousand tenants cost well
 * under a megabyte; a fan-out past that keeps the thousand most recently used.
 */
export const DEFAULT_MAX_ENTRIES = 1000

export class EntryBound {
  // The entries that may be evicted, least recently used first.
  private readonly recency = new Recency<string>()
  // Entries of fixed ids: their registries' declarations bound them, and evicting one would
  // only make its registry wait for it again. Kept across clearRegistryCache(), as registries are.
  private readonly pinned = new Set<string>()
  private maxEntries = DEFAULT_MAX_ENTRIES
  private maxEntriesSet = false
  /** How many entries were evicted since the process started. */
  evictions = 0

  constructor(private readonly entries: Map<string, CacheEntry>) {}

  /**
   * Applies a registry's `maxEntries`. The cache is shared, so the smallest bound any registry
   * sets holds for all, whatever order they are created in.
   */
  limit(limit: number | undefined): void {
    if (limit === undefined) return
    this.maxEntries = this.maxEntriesSet ? Math.min(this.maxEntries, limit) : limit
    this.maxEntriesSet = true
    this.evictOverflow()
  }

  /** Marks the entries of fixed ids, which are never evicted. */
  pin(fetchKeys: Iterable<string>): void {
    for (const fetchKey of fetchKeys) {
      this.pinned.add(fetchKey)
      const node = this.entries.get(fetchKey)?.recency
      if (node) this.recency.remove(node)
    }
  }

  /** Marks an entry as just used, so that it is evicted last. */
  touch(fetchKey: string): void {
    const node = this.entries.get(fetchKey)?.recency
    if (node) this.recency.use(node)
  }

  /** Starts tracking a new entry's use, unless it is pinned. */
  track(fetchKey: string, entry: CacheEntry): void {
    if (!this.pinned.has(fetchKey)) entry.recency = this.recency.add(fetchKey)
  }

  /**
   * Evicts the least recently used entries past the bound. Never one being fetched: its
   * readers hold it and its fetch writes into it, so it leaves once its fetch is done.
   */
  evictOverflow(): void {
    let node = this.recency.oldest
    while (node && this.entries.size > this.maxEntries) {
      const next = node.newer
      if (!this.entries.get(node.key)?.inflight) {
        this.recency.remove(node)
        this.entries.delete(node.key)
        this.evictions++
      }
      node = next
    }
  }

  /** Forgets the order of use (the entries are gone); pins and the bound stay. */
  clear(): void {
    this.recency.clear()
  }
}
