/**
 * How a registry of fixed ids serves its invocations: one snapshot of every value, reused
 * while it is fresh and the cache has not been cleared, so that a warm invocation is a
 * comparison and an injection.
 */
import { cacheGeneration } from '../cache/store.js'
import type { Binding } from './binding.js'
import type { Observer } from './events.js'
import { resolveBindings, type Snapshot } from './resolve.js'

export class FixedSnapshot {
  private snapshot: Snapshot | undefined

  constructor(
    private readonly bindings: readonly Binding[],
    private readonly observer: Observer,
  ) {}

  /** Whether it holds values (test mode never sets it, so stubs answer there). */
  get holdsValues(): boolean {
    return this.snapshot !== undefined
  }

  /** The values: the snapshot while fresh, else a new resolution. */
  serve(_request?: unknown, waitMs?: number): Snapshot | Promise<Snapshot> {
    const now = Date.now()
    const current = this.snapshot
    if (current && now < current.freshUntil && current.generation === cacheGeneration()) {
      this.observer.hits(this.bindings)
      return current
    }
    const next = resolveBindings(this.bindings, this.observer, now, waitMs)
    if (!(next instanceof Promise)) return (this.snapshot = next)
    return next.then((resolved) => (this.snapshot = resolved))
  }

  /** Forgets the snapshot, so that the next invocation re-reads the cache (after refresh()). */
  forget(): void {
    this.snapshot = undefined
  }
}
