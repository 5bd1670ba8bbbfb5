/**
 * The local registry's S3: its `s3` section, `"bucket/key"` → the body, answered with S3's
 * codes. Text as a string; any other JSON as its JSON text; for `s3.binary()`, the bytes as
 * base64 text, as a binary secret is written.
 */
import { base64Problem, compactBase64 } from '../../core/base64.js'
import { failed, fetched, type Outcome } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'
import { isObject, storedText } from '../../core/values.js'
import type { RawObject } from './decode.js'

const encoder = new TextEncoder()

function bodyOf(value: unknown, reference: Reference, entry: string): Uint8Array | Outcome {
  if (reference.decoding !== 'binary') return encoder.encode(storedText(value))
  const problem = typeof value === 'string' ? base64Problem(value) : 'is not a string'
  if (problem) return failed('LocalRegistryInvalid', `s3 entry ${entry} of the local registry ${problem}; s3.binary() reads base64 text`)
  return new Uint8Array(Buffer.from(compactBase64(value as string), 'base64'))
}

export function readObject(objects: unknown, reference: Reference): Outcome {
  if (objects !== undefined && !isObject(objects)) return failed('LocalRegistryInvalid', 'the "s3" section of the local registry must be an object')
  // A pinned version is a key of its own, as for parameters and secrets: `bucket/key:versionId`.
  const versionId = reference.options.versionId
  const entry = versionId === undefined ? reference.id : `${reference.id}:${versionId}`
  if (!objects || !Object.hasOwn(objects, entry)) {
    return failed(versionId === undefined ? 'NoSuchKey' : 'NoSuchVersion', `no S3 object ${entry} in the local registry`)
  }
  const body = bodyOf(objects[entry], reference, entry)
  if (!(body instanceof Uint8Array)) return body
  const maxBytes = reference.options.maxBytes as number
  if (body.byteLength > maxBytes) return failed('ObjectTooLarge', `object ${reference.id} is ${body.byteLength} bytes, more than maxBytes (${maxBytes})`)
  return fetched<RawObject>({ kind: 'object', body })
}
