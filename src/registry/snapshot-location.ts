/**
 * The registry's `snapshot` option: where a stage's snapshot document lives in S3, as
 * `s3://bucket/key` or `{ bucket, key }` (docs/snapshot.md). Checked at init, like every option.
 */
import { describeValue, quote } from '../core/describe.js'
import { InputError } from '../core/problem.js'
import { isObject } from '../core/values.js'

export interface SnapshotLocation {
  readonly bucket: string
  readonly key: string
}

/** The option as `registry()` takes it. */
export type SnapshotOption = `s3://${string}` | SnapshotLocation

const CALLER = 'registry() option "snapshot"'

// S3's naming rules, briefly: the S3 source's own checks (sources/s3/location.ts) are not
// bundled with a function that declares no S3 reference.
function checkBucket(caller: string, bucket: unknown): string {
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new InputError(
      caller,
      `bucket ${typeof bucket === 'string' ? quote(bucket) : describeValue(bucket)} is not a bucket name: 3-63 lowercase letters, digits, . and -`,
    )
  return bucket
}

function checkObjectKey(caller: string, key: unknown): string {
  if (typeof key !== 'string' || key === '' || Buffer.byteLength(key) > 1024)
    throw new InputError(
      caller,
      `the object key must be a string of 1-1024 bytes, got ${typeof key === 'string' && key !== '' ? `${Buffer.byteLength(key)} bytes` : describeValue(key)}`,
    )
  return key
}

/** The bucket and key of `s3://bucket/key`, or of `{ bucket, key }`. */
export function snapshotLocationOf(value: unknown, caller = CALLER): SnapshotLocation {
  if (typeof value === 'string') {
    const match = /^s3:\/\/([^/]*)\/(.*)$/s.exec(value)
    if (!match) throw new InputError(caller, `must be s3://bucket/key or { bucket, key }, got ${describeValue(value)}`)
    return { bucket: checkBucket(caller, match[1]), key: checkObjectKey(caller, match[2]) }
  }
  if (!isObject(value)) throw new InputError(caller, `must be s3://bucket/key or { bucket, key }, got ${describeValue(value)}`)
  const { bucket, key, ...rest } = value as Record<string, unknown>
  const unknown = Object.keys(rest)[0]
  if (unknown !== undefined) throw new InputError(caller, `has an unknown field "${unknown}" (allowed: bucket, key)`)
  return { bucket: checkBucket(caller, bucket), key: checkObjectKey(caller, key) }
}

export const snapshotUri = ({ bucket, key }: SnapshotLocation) => `s3://${bucket}/${key}`
