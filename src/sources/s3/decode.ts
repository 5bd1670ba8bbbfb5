/** What the S3 source fetches, and how it becomes a context value: text, JSON or bytes. */
import { type Decoded, decodeText } from '../../core/decode.js'
import { type FetchFailed, failed, type RawPayload } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'

/** One object's body, with the ETag (and version) GetObject answered with, to revalidate it by. */
export interface RawObject extends RawPayload {
  readonly kind: 'object'
  readonly body: Uint8Array
  /** As S3 sent it, quotes included: `If-None-Match` takes it back as it is. */
  readonly etag?: string
  readonly versionId?: string
}

// fatal: a body that is not UTF-8 fails, rather than reaching the handler with U+FFFD in it.
// A byte-order mark, which some editors write, is dropped (the default).
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The body as text, or why it is not UTF-8 (never quoting it). */
function textOf(raw: RawObject, reference: Reference): string | FetchFailed {
  try {
    return utf8.decode(raw.body)
  } catch {
    const declare = reference.decoding === 'json' ? '' : '; declare it with s3.binary() to read its bytes'
    return failed('InvalidUTF8', `the body of object ${reference.id} is not UTF-8 text${declare}`)
  }
}

/** `s3.binary()` gets the bytes as they are; `s3()` and `s3.json()` the body as UTF-8 text, parsed for JSON. */
export function decodeObject(raw: RawObject, reference: Reference): Decoded | FetchFailed {
  // The bytes are the cached payload itself: shared by every invocation, like secret.binary()'s.
  if (reference.decoding === 'binary') return { ok: true, value: raw.body, masked: false }
  const text = textOf(raw, reference)
  return typeof text === 'string' ? decodeText(text, reference, false) : text
}
