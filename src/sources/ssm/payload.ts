/** What the SSM source fetches, and how it becomes a context value. */
import { type Decoded, decodeText } from '../../core/decode.js'
import type { FetchFailed, RawPayload } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'

/** One SSM parameter as AWS returned it. */
export interface RawParameter extends RawPayload {
  readonly kind: 'parameter'
  readonly value: string
  readonly type: string
  readonly version?: number
}

/** Every parameter under a path, keyed by the name relative to the path. */
export interface RawPath extends RawPayload {
  readonly kind: 'path'
  readonly entries: ReadonlyArray<{ readonly name: string; readonly value: string; readonly type: string }>
}

// A SecureString is masked on the context, whatever the reference declared.
export const decodeParameter = (raw: RawParameter, reference: Reference): Decoded | FetchFailed =>
  decodeText(raw.value, reference, reference.secret || raw.type === 'SecureString')

export function decodePath(raw: RawPath): Decoded {
  const record = Object.fromEntries(raw.entries.map(({ name, value }) => [name, value]))
  // One SecureString under the path makes the whole record secret.
  const masked = raw.entries.some(({ type }) => type === 'SecureString')
  return { ok: true, value: Object.freeze(record), masked }
}
