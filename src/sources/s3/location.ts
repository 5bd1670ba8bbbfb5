/**
 * Where an S3 object lives: a bucket name AWS accepts and a key of 1-1024 bytes. The
 * reference's id is `bucket/key`: a bucket name never holds a `/`, so the first one splits
 * them. A bucket name and a key are locators, not values: messages quote them (capped by
 * `quote`), so that they say which one is wrong.
 */
import { describeValue, firstInvalidCharacter, quote } from '../../core/describe.js'
import { InputError } from '../../core/problem.js'

const BUCKET_CHARACTER = /[a-z0-9.-]/
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/
const MAX_KEY_BYTES = 1024

/**
 * What is wrong with a bucket name, as a phrase; undefined when S3 may accept it. AWS's
 * naming rules that matter for reading: an access point's alias (`…-s3alias`) reads like a
 * bucket, so the suffixes reserved at bucket creation are not refused here.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.startsWith('arn:')) return 'is an ARN: give the bucket name (an access point is read through its alias)'
  if (name.length < 3 || name.length > 63) return `has ${name.length} characters, not 3-63`
  if (!/^[a-z0-9.-]+$/.test(name)) return `has ${firstInvalidCharacter(name, BUCKET_CHARACTER)}: bucket names hold lowercase letters, digits, . and -`
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return 'must start and end with a lowercase letter or a digit'
  if (name.includes('..')) return 'has two adjacent periods'
  if (IP_ADDRESS.test(name)) return 'is formatted as an IP address'
  return undefined
}

/** Checks a bucket name as `s3()` takes it. */
export function checkBucket(caller: string, bucket: unknown): string {
  if (typeof bucket !== 'string') throw new InputError(caller, `the bucket must be a string, got ${describeValue(bucket)}`)
  const problem = bucketNameProblem(bucket)
  if (problem) throw new InputError(caller, bucket === '' ? 'the bucket name is empty' : `bucket name ${quote(bucket)} ${problem}`)
  return bucket
}

/** Checks an object key as `s3()` takes it: a string of 1-1024 bytes. */
export function checkObjectKey(caller: string, key: unknown): string {
  if (typeof key !== 'string') throw new InputError(caller, `the object key must be a string, got ${describeValue(key)}`)
  if (key === '') throw new InputError(caller, 'the object key is empty')
  const bytes = Buffer.byteLength(key)
  if (bytes > MAX_KEY_BYTES) throw new InputError(caller, `object key ${quote(key)} is ${bytes} bytes long, more than S3's ${MAX_KEY_BYTES}`)
  return key
}

/** The bucket and key of a reference's id. */
export function objectLocationOf(id: string): { Bucket: string; Key: string } {
  const slash = id.indexOf('/')
  return { Bucket: id.slice(0, slash), Key: id.slice(slash + 1) }
}
