/**
 * `s3()`: an Amazon S3 object's body as text, `s3.json()` parsed, `s3.binary()` as bytes;
 * by bucket and key, optionally pinned to a version. Fetched, cached, refreshed and
 * reported like every other reference; an expired one is revalidated by its ETag.
 */

import type { AwsClient } from '../../core/client-scope.js'
import { registerNotFoundCodes } from '../../core/outcome.js'
import { type IdFunction, locateDeclared, PER_INVOCATION } from '../../core/per-invocation.js'
import { COMMON_OPTIONS, type CommonOptions, createReference, type Decoding, type OptionCheck, type Reference, validateOptions } from '../../core/reference.js'
import { checkBucket, checkObjectKey } from './location.js'
import { DEFAULT_MAX_BYTES, fetchFromS3 } from './read.js'

// NoSuchKey only to a role that may s3:ListBucket (others get AccessDenied).
registerNotFoundCodes(['NoSuchKey', 'NoSuchBucket', 'NoSuchVersion'])

declare module '../../core/client-scope.js' {
  interface RegistryClients {
    /** Your own S3Client, used as it is (not for references read through a role). */
    s3?: AwsClient
  }
}

/** Options of an S3 reference. */
export interface S3Options extends CommonOptions {
  /** Read this version of the object (`s3:GetObjectVersion`); default: the current one. */
  versionId?: string
  /** The largest body accepted, in bytes (default 1 MiB): a larger object fails with `ObjectTooLarge`. */
  maxBytes?: number
}

type Optional = { optional: true }

// S3 version ids are opaque: at most 1024 characters (`null` names the version written
// before versioning was enabled). Whitespace and control characters are never part of one.
const VERSION_ID: OptionCheck = {
  check: (value) => typeof value === 'string' && /^[^\s\p{Cc}]{1,1024}$/u.test(value),
  expected: 'a version id of 1-1024 characters, without whitespace or control characters',
}
const BYTES: OptionCheck = {
  check: (value) => Number.isSafeInteger(value) && (value as number) > 0,
  expected: 'a whole number of bytes greater than 0',
}
const S3_OPTIONS = { ...COMMON_OPTIONS, versionId: VERSION_ID, maxBytes: BYTES }

function objectReference<T>(caller: string, bucket: unknown, key: unknown, options: unknown, decoding: Decoding): Reference<T> {
  const name = checkBucket(caller, bucket)
  // The bucket is fixed; the key may be computed per invocation.
  const located = locateDeclared(key, (value) => ({ id: `${name}/${checkObjectKey(caller, value)}`, selector: '' }), `${name}/${PER_INVOCATION}`)
  const checked = validateOptions(caller, options, S3_OPTIONS)
  const readOptions = { ...checked, maxBytes: checked.maxBytes ?? DEFAULT_MAX_BYTES }
  return createReference<T>({
    reader: fetchFromS3,
    source: 's3',
    client: 's3',
    notFound: 'NoSuchKey',
    kind: 'object',
    // Text, JSON and bytes of one object share its read; a version or a cap makes another one.
    readKey: `version=${checked.versionId ?? ''}|max=${readOptions.maxBytes}`,
    ...located,
    decoding,
    secret: false,
    options: readOptions,
  })
}

/**
 * An S3 object's body as UTF-8 text (GetObject), by bucket name and key (which may be a
 * function of the invocation's request, computed and checked on each invocation). A body that is not
 * UTF-8 fails with `InvalidUTF8`; a missing object with `NoSuchKey` (with `s3:ListBucket`;
 * without it S3 answers `AccessDenied`).
 */
function s3(bucket: string, key: string | IdFunction, options: S3Options & Optional): Reference<string | undefined>
function s3(bucket: string, key: string | IdFunction, options?: S3Options): Reference<string>
function s3(bucket: string, key: string | IdFunction, options?: S3Options): Reference<string | undefined> {
  return objectReference('s3()', bucket, key, options, 'string')
}

/** An S3 object whose body is JSON, parsed and frozen; `T` types the result (not validated at run time). */
function json<T = unknown>(bucket: string, key: string | IdFunction, options: S3Options & Optional): Reference<T | undefined>
function json<T = unknown>(bucket: string, key: string | IdFunction, options?: S3Options): Reference<T>
function json<T = unknown>(bucket: string, key: string | IdFunction, options?: S3Options): Reference<T | undefined> {
  return objectReference('s3.json()', bucket, key, options, 'json')
}

/** An S3 object's body as bytes, whatever it holds. */
function binary(bucket: string, key: string | IdFunction, options: S3Options & Optional): Reference<Uint8Array | undefined>
function binary(bucket: string, key: string | IdFunction, options?: S3Options): Reference<Uint8Array>
function binary(bucket: string, key: string | IdFunction, options?: S3Options): Reference<Uint8Array | undefined> {
  return objectReference('s3.binary()', bucket, key, options, 'binary')
}

s3.json = json
s3.binary = binary

export { s3 }
