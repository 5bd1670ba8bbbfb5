/** What the Secrets Manager source fetches, and how it becomes a context value. */
import { type Decoded, decodeText } from '../../core/decode.js'
import { type FetchFailed, failed, type RawPayload } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'

/** One secret version: SecretString or SecretBinary; `validUntil` is its next rotation, for references that follow it. */
export interface RawSecret extends RawPayload {
  readonly kind: 'secret'
  readonly string?: string
  readonly binary?: Uint8Array
  /** The version read: DescribeSecret tells whether it still is the one the reference reads. */
  readonly versionId?: string
  /** When the value itself was last read (epoch ms); a revalidation keeps it, so that full reads still come round. */
  readonly readAt?: number
}

/** A secret is always masked, and must be declared as it is stored (text or binary). */
export function decodeSecret(raw: RawSecret, reference: Reference): Decoded | FetchFailed {
  if (reference.decoding === 'binary') {
    return raw.binary
      ? { ok: true, value: raw.binary, masked: true }
      : failed('SecretTypeMismatch', `secret ${reference.id} holds a SecretString; declare it with secret() or secret.json()`)
  }
  return raw.string !== undefined
    ? decodeText(raw.string, reference, true)
    : failed('SecretTypeMismatch', `secret ${reference.id} holds a SecretBinary; declare it with secret.binary()`)
}
