/**
 * How a registry with per-invocation references serves its invocations. A registry of
 * fixed ids reuses one snapshot while it is fresh; here each set of computed ids (one per
 * tenant, say) has its own, kept while fresh, the least recently used forgotten first. An
 * invocation whose snapshot is missing or expired resolves every key, fixed and computed,
 * in one batch, through the process-wide cache.
 */
import { LruMap } from '../cache/lru.js'
import { cacheGeneration, touchCacheEntry } from '../cache/store.js'
import type { InvocationRequest } from '../core/per-invocation.js'
import type { Observer } from './events.js'
import type { PerInvocationBinder } from './per-invocation.js'
import { resolveBindings, type Snapshot } from './resolve.js'

export class InvocationSnapshots {
  private readonly snapshots: LruMap<string, Snapshot>
  /** Test mode never serves through it: stubs answer. */
  readonly holdsValues = false

  constructor(
    private readonly binder: PerInvocationBinder,
    private readonly observer: Observer,
    /** How many sets of ids to keep a snapshot of. */
    limit: number,
  ) {
    this.snapshots = new LruMap(limit)
  }

  /** The values for one request: its ids' snapshot while fresh, else a new resolution. */
  serve(request: InvocationRequest, waitMs?: number): Snapshot | Promise<Snapshot> {
    const bound = this.binder.bindFor(request)
    // A use, even one served from a snapshot: the entries of ids in use are evicted last.
    for (const binding of bound.computed) touchCacheEntry(binding.request.fetchKey)
    const now = Date.now()
    if (bound.failures.length > 0) return this.binder.failWith(bound, this.observer, () => resolveBindings(bound.bindings, this.observer, now, waitMs))
    const current = this.snapshots.get(bound.variant)
    if (current && now < current.freshUntil && current.generation === cacheGeneration()) {
      this.observer.hits(bound.bindings)
      return current
    }
    const next = resolveBindings(bound.bindings, this.observer, now, waitMs)
    if (!(next instanceof Promise)) return this.keep(bound.variant, next)
    return next.then((resolved) => this.keep(bound.variant, resolved))
  }

  /** Forgets every snapshot, so that the next invocations re-read the cache (after refresh()). */
  forget(): void {
    this.snapshots.clear()
  }

  private keep(variant: string, snapshot: Snapshot): Snapshot {
    this.snapshots.set(variant, snapshot)
    return snapshot
  }
}
