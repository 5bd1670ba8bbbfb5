/**
 * onChange: tells the application that a key's value changed, e.g. to rebuild a database
 * pool or an HTTP client when its credentials rotate. Each registry compares what it last
 * saw of each key with what the cache holds now, so every registry that reads a changed
 * entry hears of it once, whichever of them refreshed it.
 */
import type { CacheEntry } from '../cache/entry.js'
import { decode } from '../core/decode.js'
import type { RawPayload } from '../core/outcome.js'
import { sameValue } from '../core/same-value.js'
import type { Binding } from './binding.js'

/** One key's new value, described: where it lives, never the value itself (see `value()`). */
export interface RegistryChange<K extends string = string, V = unknown> {
  /** The context key. */
  readonly key: K
  /** For a service's field, the field that changed; `value()` is then that field's value. */
  readonly field?: string
  readonly source: string
  readonly id: string
  /** Whether the value is masked on the context (a secret, a SecureString): keep it out of logs. */
  readonly secret: boolean
  /**
   * The new value. A non-enumerable method rather than a property, so that logging or
   * serialising the change never shows it: the callback reads it only when it means to.
   */
  value(): V
}

/** The callback's code when it throws or rejects: reported as an `error` event, never thrown. */
export const ON_CHANGE_FAILED = 'OnChangeFailed'

export type OnChange = (change: RegistryChange) => unknown

// What a registry saw of an entry: its payload, or that it does not exist.
const ABSENT = Symbol('absent')
type Seen = RawPayload | typeof ABSENT

type Value = { ok: true; value: unknown; masked: boolean } | { ok: false }

function seenOf(binding: Binding, entry: CacheEntry | undefined): Seen | undefined {
  if (entry?.raw) return entry.raw
  // A missing entry is a value (undefined, or the default) only for a key that allows it; for another, it is an error.
  if (entry?.absent && binding.policy.optional) return ABSENT
  return undefined
}

function valueSeen(binding: Binding, seen: Seen): Value {
  const { reference } = binding
  if (seen === ABSENT) return { ok: true, value: reference.options.default, masked: reference.secret }
  const decoded = decode(seen, reference)
  return decoded.ok ? decoded : { ok: false }
}

function changeOf(binding: Binding, { value, masked }: { value: unknown; masked: boolean }): RegistryChange {
  const { key, field, source, id } = binding
  const change = { key, ...(field === undefined ? {} : { field }), source, id, secret: masked }
  Object.defineProperty(change, 'value', { value: () => value, enumerable: false })
  return Object.freeze(change) as RegistryChange
}

export class ChangeTracker {
  // Weak: the binding of a per-invocation id, once its registry forgets it, takes its record along.
  private readonly seen = new WeakMap<Binding, Seen>()

  constructor(
    private readonly onChange: OnChange,
    /** Reports a callback that threw or rejected (an `error` event); never rethrows. */
    private readonly failed: (binding: Binding, ms: number) => void,
  ) {}

  /**
   * Compares the key's cached value with what this registry last saw of it. The first value
   * seen is a load, not a change; an unchanged one (a revalidation, a refresh that read the
   * same value) is nothing. A change is reported once, after the current invocation's turn.
   */
  notice(binding: Binding, entry: CacheEntry | undefined): void {
    const current = seenOf(binding, entry)
    const previous = this.seen.get(binding)
    if (current === undefined || current === previous) return
    const next = valueSeen(binding, current)
    // A payload that cannot be decoded fails its key: it is not a new value.
    if (!next.ok) return
    this.seen.set(binding, current)
    if (previous === undefined) return
    const before = valueSeen(binding, previous)
    if (before.ok && sameValue(before.value, next.value)) return
    // setImmediate: the invocation that noticed the change goes on first, never waiting for the callback.
    setImmediate(() => void this.call(binding, next))
  }

  private async call(binding: Binding, next: { value: unknown; masked: boolean }): Promise<void> {
    const started = Date.now()
    try {
      await this.onChange(changeOf(binding, next))
    } catch {
      // What it threw is not passed on: its message may quote the value.
      this.failed(binding, Date.now() - started)
    }
  }
}
