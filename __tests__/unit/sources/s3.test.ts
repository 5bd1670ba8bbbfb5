/** S3: GetObject as a source, text, JSON and bytes, size caps, and answers that are no value. */

import { Readable } from 'node:stream'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { registry, s3 } from '../../../src/index.js'
import { awsError, eventually, gate, invoke, invokeFailing, onFakeClock, testOptions } from '../helpers.js'
import { resetAll, s3Mock } from '../mocks.js'
import { etagOf, getObjectCalls, getObjectInputs, serveBucket, streamOf } from '../s3-objects.js'

const BUCKET = 'config-bucket'
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff])

beforeEach(() => resetAll())

describe('s3() resolves an object to its body', () => {
  it('as UTF-8 text, as JSON parsed and frozen, and as bytes', async () => {
    serveBucket(BUCKET, { 'motd.txt': 'Grüße aus Köln', 'limits.json': '{"rps":200,"burst":[1,2]}', 'logo.png': PNG })
    const fetch = {
      motd: s3(BUCKET, 'motd.txt'),
      limits: s3.json<{ rps: number; burst: number[] }>(BUCKET, 'limits.json'),
      logo: s3.binary(BUCKET, 'logo.png'),
    }

    const context = await invoke(registry({ fetch, ...testOptions() }))

    expect(context.motd).toBe('Grüße aus Köln')
    expect(context.limits).toEqual({ rps: 200, burst: [1, 2] })
    expect(Object.isFrozen(context.limits.burst)).toBe(true)
    expect(context.logo).toEqual(PNG)
    expect(context.logo).toBeInstanceOf(Uint8Array)
  })

  it('asks GetObject for the bucket and key, and the version when one is pinned', async () => {
    serveBucket(BUCKET, { 'orders/limits.json': '{}' })
    const fetch = { current: s3.json(BUCKET, 'orders/limits.json'), pinned: s3.json(BUCKET, 'orders/limits.json', { versionId: 'v2' }) }

    await invoke(registry({ fetch, ...testOptions() }))

    expect(getObjectInputs()).toEqual(
      expect.arrayContaining([
        { Bucket: BUCKET, Key: 'orders/limits.json' },
        { Bucket: BUCKET, Key: 'orders/limits.json', VersionId: 'v2' },
      ]),
    )
  })

  it('drops a UTF-8 byte-order mark, which some editors write', async () => {
    serveBucket(BUCKET, { 'limits.json': '\uFEFF{"rps":200}' })

    const context = await invoke(registry({ fetch: { limits: s3.json(BUCKET, 'limits.json') }, ...testOptions() }))

    expect(context.limits).toEqual({ rps: 200 })
  })

  it('reads a body that arrives in many chunks', async () => {
    const text = 'x'.repeat(300_000)
    s3Mock.on(GetObjectCommand).resolves({ Body: streamOf(text, 1000) as never, ETag: etagOf(text) })

    const context = await invoke(registry({ fetch: { big: s3(BUCKET, 'big.txt') }, ...testOptions() }))

    expect(context.big).toBe(text)
  })

  it('sends one GetObject per object, all at once, and one for the text, JSON and bytes of one object', async () => {
    const held = gate()
    s3Mock.on(GetObjectCommand).callsFake(async ({ Key }: { Key: string }) => {
      await held.opened
      return { Body: streamOf(`{"key":"${Key}"}`), ETag: '"e"' }
    })
    const fetch = { a: s3.json(BUCKET, 'a.json'), aText: s3(BUCKET, 'a.json'), aBytes: s3.binary(BUCKET, 'a.json'), b: s3.json(BUCKET, 'b.json') }

    const invocation = invoke(registry({ fetch, ...testOptions() }))
    // Both requests are out before either is answered.
    expect(await eventually(() => getObjectCalls().length === 2)).toBe(true)
    held.open()
    const context = await invocation

    expect(getObjectCalls()).toHaveLength(2)
    expect([context.a, context.aText, context.b]).toEqual([{ key: 'a.json' }, '{"key":"a.json"}', { key: 'b.json' }])
    expect(new TextDecoder().decode(context.aBytes)).toBe('{"key":"a.json"}')
  })

  it('reads through the s3 client the registry is given', async () => {
    serveBucket(BUCKET, { 'motd.txt': 'hello' })
    const client = new S3Client({ region: 'eu-west-1' })

    const context = await invoke(registry({ fetch: { motd: s3(BUCKET, 'motd.txt') }, clients: { s3: client }, prefetch: false }))

    expect(context.motd).toBe('hello')
    expect(getObjectCalls()[0]!.thisValue).toBe(client)
  })

  it("takes S3's own client options in awsClientOptions, for S3-compatible stores and buckets in other Regions", async () => {
    serveBucket(BUCKET, { 'motd.txt': 'hello' })
    const awsClientOptions = { region: 'eu-west-1', forcePathStyle: true, followRegionRedirects: true }

    const context = await invoke(registry({ fetch: { motd: s3(BUCKET, 'motd.txt') }, awsClientOptions, prefetch: false }))

    expect(context.motd).toBe('hello')
  })

  it('puts the values on the context as its own keys: S3 objects are not masked', async () => {
    serveBucket(BUCKET, { 'motd.txt': 'hello' })

    const context = await invoke(registry({ fetch: { motd: s3(BUCKET, 'motd.txt') }, ...testOptions() }))

    expect(Object.keys(context)).toContain('motd')
  })
})

describe('an object, bucket or version that does not exist', () => {
  it.each([
    ['NoSuchKey', s3(BUCKET, 'missing.txt')],
    ['NoSuchBucket', s3('other-bucket', 'motd.txt')],
  ])('fails with %s, naming the key, source and object', async (code, reference) => {
    serveBucket(BUCKET, {})

    const error = await invokeFailing(registry({ fetch: { motd: reference }, ...testOptions() }))

    expect(error.failures).toEqual([expect.objectContaining({ key: 'motd', source: 's3', id: reference.id, code })])
  })

  it.each(['NoSuchKey', 'NoSuchBucket', 'NoSuchVersion'])('resolves to undefined on %s when the reference is optional', async (code) => {
    s3Mock.on(GetObjectCommand).rejects(awsError(code))

    const context = await invoke(registry({ fetch: { motd: s3(BUCKET, 'motd.txt', { versionId: 'v1', optional: true }) }, ...testOptions() }))

    expect(context.motd).toBeUndefined()
  })

  it('fails with AccessDenied, even when optional: S3 says so for a missing key the role may not list', async () => {
    s3Mock.on(GetObjectCommand).rejects(awsError('AccessDenied', 'Access Denied'))

    const error = await invokeFailing(registry({ fetch: { motd: s3(BUCKET, 'motd.txt', { optional: true }) }, ...testOptions() }))

    expect(error.failures.map(({ code }) => code)).toEqual(['AccessDenied'])
  })
})

describe('a body that cannot be the declared value', () => {
  it('fails s3() with InvalidUTF8 when the body is not UTF-8, and points to s3.binary()', async () => {
    serveBucket(BUCKET, { 'logo.png': PNG })

    const error = await invokeFailing(registry({ fetch: { logo: s3(BUCKET, 'logo.png') }, ...testOptions() }))

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'InvalidUTF8', message: `the body of object ${BUCKET}/logo.png is not UTF-8 text; declare it with s3.binary() to read its bytes` },
    ])
  })

  it('fails s3.json() with InvalidJSON, never quoting the body', async () => {
    serveBucket(BUCKET, { 'limits.json': 'rps=200 password=hunter2' })

    const error = await invokeFailing(registry({ fetch: { limits: s3.json(BUCKET, 'limits.json') }, ...testOptions() }))

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'InvalidJSON', message: `the value of object ${BUCKET}/limits.json is not valid JSON` },
    ])
    expect(error.message).not.toContain('hunter2')
  })
})

describe('an object larger than maxBytes', () => {
  const tooLarge = (maxBytes?: number) => registry({ fetch: { big: s3(BUCKET, 'big.txt', maxBytes ? { maxBytes } : undefined) }, ...testOptions() })

  it('fails with ObjectTooLarge from its Content-Length, without reading the body', async () => {
    const bucket = serveBucket(BUCKET, { 'big.txt': 'x'.repeat(1024 * 1024 + 1) })

    const error = await invokeFailing(tooLarge())

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'ObjectTooLarge', message: `object ${BUCKET}/big.txt is 1048577 bytes, more than maxBytes (1048576)` },
    ])
    expect(bucket.pulled.bytes).toBe(0)
  })

  it('fails with ObjectTooLarge once the bytes read pass the cap, when the length was not sent, and reads no further', async () => {
    const pulled = { bytes: 0 }
    s3Mock.on(GetObjectCommand).callsFake(async () => ({ Body: streamOf('x'.repeat(100_000), 1000, pulled) }))

    const error = await invokeFailing(tooLarge(10_000))

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'ObjectTooLarge', message: `object ${BUCKET}/big.txt is larger than maxBytes (10000)` },
    ])
    // The cap, and the stream's read-ahead (16 KiB), of a 100 KB body.
    expect(pulled.bytes).toBeLessThanOrEqual(10_000 + 16 * 1024 + 1000)
  })

  it('is read whole up to the cap, which maxBytes raises', async () => {
    serveBucket(BUCKET, { 'big.txt': 'x'.repeat(2_000_000) })

    const context = await invoke(tooLarge(2_000_000))

    expect(context.big).toHaveLength(2_000_000)
  })
})

describe('a body cut short never replaces the last good one', () => {
  const MINUTE = 60_000
  onFakeClock(resetAll)

  /** Resolves the key once from a good object, then refreshes it past expiry against `answer`; the error codes reported. */
  async function refreshedAgainst(answer: () => unknown) {
    const errors: string[] = []
    serveBucket(BUCKET, { 'limits.json': '{"rps":200}' })
    const fetch = { limits: s3.json<{ rps: number }>(BUCKET, 'limits.json') }
    const middleware = registry({ fetch, cacheExpiry: MINUTE, onEvent: ({ type, code }) => type === 'error' && errors.push(code!), ...testOptions() })
    await invoke(middleware)
    s3Mock.on(GetObjectCommand).callsFake(async () => answer())
    jest.setSystemTime(Date.now() + 2 * MINUTE)
    await invoke(middleware)
    expect(await eventually(() => errors.length === 1)).toBe(true)
    return { errors, context: await invoke(middleware) }
  }

  it('fewer bytes than its Content-Length: InvalidResponse', async () => {
    const { context, errors } = await refreshedAgainst(() => ({ Body: streamOf('{"rps":'), ContentLength: 12, ETag: '"cut"' }))

    expect(context.limits).toEqual({ rps: 200 })
    expect(errors).toEqual(['InvalidResponse'])
  })

  it('a connection reset half-way through the body: NetworkError', async () => {
    const { context, errors } = await refreshedAgainst(() => {
      const broken = new Readable({ read() {} })
      broken.push('{"rps":')
      setImmediate(() => broken.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })))
      return { Body: broken, ETag: '"reset"' }
    })

    expect(context.limits).toEqual({ rps: 200 })
    expect(errors).toEqual(['NetworkError'])
  })
})

describe('what a failed read reports', () => {
  it('names InvalidResponse for an answer without a body', async () => {
    s3Mock.on(GetObjectCommand).resolves({ ETag: '"e"' })

    const error = await invokeFailing(registry({ fetch: { motd: s3(BUCKET, 'motd.txt') }, ...testOptions() }))

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'InvalidResponse', message: `GetObject for ${BUCKET}/motd.txt answered without a body` },
    ])
  })

  it('names NetworkError for a connection reset while the body is read', async () => {
    const broken = new Readable({ read() {} })
    setImmediate(() => broken.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })))
    s3Mock.on(GetObjectCommand).resolves({ Body: broken as never })

    const error = await invokeFailing(registry({ fetch: { motd: s3(BUCKET, 'motd.txt') }, ...testOptions() }))

    expect(error.failures.map(({ code }) => code)).toEqual(['NetworkError'])
  })
})
