/** s3(), s3.json() and s3.binary() declarations: what they hold, and every mistake named at declaration. */
import { describe, expect, it } from '@jest/globals'
import { s3 } from '../../../src/index.js'

// Declarations are checked at run time for callers without TypeScript: bypass the types.
const declare = (bucket: unknown, key: unknown, options?: unknown) => () => s3(bucket as string, key as string, options as Parameters<typeof s3>[2])

describe('an s3() declaration', () => {
  it('is a frozen reference to bucket/key, read as text, capped at 1 MiB by default', () => {
    const reference = s3('config-bucket', 'orders/prod/settings.txt', { cacheExpiry: 30_000 })

    expect(reference).toEqual(
      expect.objectContaining({ source: 's3', kind: 'object', id: 'config-bucket/orders/prod/settings.txt', selector: '', decoding: 'string', secret: false }),
    )
    expect(reference.options).toEqual({ cacheExpiry: 30_000, maxBytes: 1_048_576 })
    expect(Object.isFrozen(reference)).toBe(true)
  })

  it('declares JSON and bytes of the same object, which share one read', () => {
    const [text, json, binary] = [s3('config-bucket', 'a.json'), s3.json('config-bucket', 'a.json'), s3.binary('config-bucket', 'a.json')]

    expect([text.decoding, json.decoding, binary.decoding]).toEqual(['string', 'json', 'binary'])
    expect(new Set([text.readKey, json.readKey, binary.readKey]).size).toBe(1)
  })

  it('makes a version and a size cap part of what is read', () => {
    const current = s3('config-bucket', 'a.json')
    const pinned = s3('config-bucket', 'a.json', { versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' })
    const larger = s3('config-bucket', 'a.json', { maxBytes: 5_000_000 })

    expect(new Set([current.readKey, pinned.readKey, larger.readKey]).size).toBe(3)
    expect(pinned.options.versionId).toBe('3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY')
  })

  it('accepts keys with any characters, up to 1024 bytes, and dotted bucket names', () => {
    expect(s3('my.config.bucket', 'a b/ü:ñ?#.json').id).toBe('my.config.bucket/a b/ü:ñ?#.json')
    expect(s3('config-bucket', 'k'.repeat(1024)).id).toHaveLength('config-bucket/'.length + 1024)
  })

  it("takes the `null` version id S3 gives objects written before versioning, and an access point's alias", () => {
    expect(s3('orders-ap-abcdefghijklmnopqrstuvwxyz012-s3alias', 'a', { versionId: 'null' }).options.versionId).toBe('null')
  })
})

describe('mistakes fail at declaration, naming what is wrong', () => {
  it.each([
    ['a bucket that is not a string', 42, 'key', 's3(): the bucket must be a string, got 42'],
    ['an empty bucket', '', 'key', 's3(): the bucket name is empty'],
    ['a bucket of 2 characters', 'ab', 'key', 's3(): bucket name "ab" has 2 characters, not 3-63'],
    ['a bucket of 64 characters', 'b'.repeat(64), 'key', 'has 64 characters, not 3-63'],
    [
      'an uppercase bucket',
      'Config-bucket',
      'key',
      's3(): bucket name "Config-bucket" has "C" at position 1: bucket names hold lowercase letters, digits, . and -',
    ],
    ['an underscore', 'config_bucket', 'key', 'has "_" at position 7'],
    ['a bucket ending with -', 'config-', 'key', 'bucket name "config-" must start and end with a lowercase letter or a digit'],
    ['two adjacent periods', 'config..bucket', 'key', 'has two adjacent periods'],
    ['an IP address', '192.168.5.4', 'key', 'is formatted as an IP address'],
    ['a bucket ARN', 'arn:aws:s3:::config-bucket', 'key', 'is an ARN: give the bucket name (an access point is read through its alias)'],
    ['a key that is not a string', 'config-bucket', undefined, 's3(): the object key must be a string, got undefined'],
    ['an empty key', 'config-bucket', '', 's3(): the object key is empty'],
    ['a key of 1025 bytes', 'config-bucket', 'é'.repeat(513), "is 1026 bytes long, more than S3's 1024"],
  ])('%s', (_case, bucket, key, message) => {
    expect(declare(bucket, key)).toThrow(TypeError)
    expect(declare(bucket, key)).toThrow(message)
  })

  it.each([
    [
      'an unknown option',
      { versionStage: 'AWSCURRENT' },
      's3(): unknown option "versionStage" (allowed: cacheExpiry, maxStale, optional, assumeRole, versionId, maxBytes)',
    ],
    [
      'an empty version id',
      { versionId: '' },
      'option "versionId" must be a version id of 1-1024 characters, without whitespace or control characters, got an empty string',
    ],
    ['a version id with a space', { versionId: 'a b' }, 'option "versionId" must be a version id'],
    ['a maxBytes of 0', { maxBytes: 0 }, 'option "maxBytes" must be a whole number of bytes greater than 0, got 0'],
    ['a fractional maxBytes', { maxBytes: 1.5 }, 'option "maxBytes" must be a whole number of bytes greater than 0, got 1.5'],
    ['a maxBytes as text', { maxBytes: '1MB' }, 'option "maxBytes" must be a whole number of bytes greater than 0, got a string of 3 characters'],
    ['a negative cacheExpiry', { cacheExpiry: -1 }, 'option "cacheExpiry" must be a number of milliseconds >= 0'],
  ])('%s', (_case, options, message) => {
    expect(declare('config-bucket', 'a.json', options)).toThrow(message)
  })

  it('names the function that was called', () => {
    expect(() => s3.json('Config', 'a.json')).toThrow(/^s3\.json\(\): bucket name/)
    expect(() => s3.binary('config-bucket', '')).toThrow('s3.binary(): the object key is empty')
  })
})
