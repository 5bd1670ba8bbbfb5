/**
 * S3 against moto: objects written with the real SDK, read through registry() in a middy
 * handler, and an expired object revalidated over the wire with If-None-Match on its ETag
 * (moto answers a matching one with 304 and no body, as S3 does).
 */
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { NodeHttpHandler } from '@smithy/node-http-handler'
import { clearRegistryCache, type FetchMap, type RegistryOptions, registry, s3 } from '../../src/index.js'
import { awsClientOptions, handlerWith, RecordingHttpHandler, registryErrorOf, resetMoto, resolveOnce } from './helpers.js'

const BUCKET = 'config-bucket'
const VERSIONED = 'versioned-config'
const CENTRAL_BUCKET = 'central-config'
const READER = { roleArn: 'arn:aws:iam::111111111111:role/registry-reader' }
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff])

const admin = new S3Client(awsClientOptions())
const put = (Bucket: string, Key: string, Body: string | Uint8Array, client = admin) => client.send(new PutObjectCommand({ Bucket, Key, Body }))

/** One GET as S3 saw it: the If-None-Match it carried, and the status and length of the answer. */
interface Exchange {
  readonly ifNoneMatch?: string
  status?: number
  contentLength?: string
}

/**
 * The HTTP handler of the S3 client registry() creates, recording each exchange: S3's REST
 * protocol names no operation on the wire, so what counts here is the status (200 or 304).
 */
class S3Wire extends RecordingHttpHandler {
  readonly exchanges: Exchange[] = []

  override handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    const header = (name: string) => Object.entries(args[0].headers).find(([key]) => key.toLowerCase() === name)?.[1]
    const exchange: Exchange = { ifNoneMatch: header('if-none-match') }
    this.exchanges.push(exchange)
    const answered = super.handle(...args)
    answered.then(
      ({ response }) => {
        exchange.status = response.statusCode
        exchange.contentLength = response.headers['content-length']
      },
      () => undefined,
    )
    return answered
  }

  statuses = () => this.exchanges.map(({ status }) => status)
}

type Reach = Pick<RegistryOptions<FetchMap>, 'awsClientOptions' | 'clients' | 'prefetch' | 'local'>

/** registry() creating its own S3 client from awsClientOptions, every exchange recorded. */
const throughOwnClient = (wire = new S3Wire()): Reach => ({ awsClientOptions: { ...awsClientOptions(), requestHandler: wire }, prefetch: false, local: false })

let versions: { first: string; second: string }

beforeAll(async () => {
  await resetMoto()
  await admin.send(new CreateBucketCommand({ Bucket: BUCKET }))
  await put(BUCKET, 'motd.txt', 'Grüße aus Köln')
  await put(BUCKET, 'orders/limits.json', '{"rps":200}')
  await put(BUCKET, 'logo.png', PNG)
  await put(BUCKET, 'not-json.txt', 'rps=200')
  await put(BUCKET, 'big.txt', 'x'.repeat(4096))
  await admin.send(new CreateBucketCommand({ Bucket: VERSIONED }))
  await admin.send(new PutBucketVersioningCommand({ Bucket: VERSIONED, VersioningConfiguration: { Status: 'Enabled' } }))
  const first = await put(VERSIONED, 'limits.json', '{"rps":100}')
  const second = await put(VERSIONED, 'limits.json', '{"rps":300}')
  versions = { first: first.VersionId!, second: second.VersionId! }
})

beforeEach(() => clearRegistryCache())

describe('reading objects written to S3', () => {
  it('resolves an object as text, as JSON and as bytes', async () => {
    const values = await resolveOnce({
      ...throughOwnClient(),
      fetch: { motd: s3(BUCKET, 'motd.txt'), limits: s3.json(BUCKET, 'orders/limits.json'), logo: s3.binary(BUCKET, 'logo.png') },
    })

    expect(values).toEqual({ motd: 'Grüße aus Köln', limits: { rps: 200 }, logo: PNG })
  })

  it('reads through the S3 client it is given', async () => {
    const values = await resolveOnce({ clients: { s3: admin }, prefetch: false, local: false, fetch: { motd: s3(BUCKET, 'motd.txt') } })

    expect(values.motd).toBe('Grüße aus Köln')
  })

  it("names a missing object and a missing bucket with S3's codes, and resolves them to undefined when optional", async () => {
    const error = await registryErrorOf(
      resolveOnce({ ...throughOwnClient(), fetch: { noKey: s3(BUCKET, 'gone.txt'), noBucket: s3('no-such-bucket', 'motd.txt') } }),
    )
    const optional = await resolveOnce({ ...throughOwnClient(), fetch: { maybe: s3(BUCKET, 'gone.txt', { optional: true }) } })

    expect(error.failures.map(({ key, source, id, code }) => ({ key, source, id, code }))).toEqual([
      { key: 'noKey', source: 's3', id: `${BUCKET}/gone.txt`, code: 'NoSuchKey' },
      { key: 'noBucket', source: 's3', id: 'no-such-bucket/motd.txt', code: 'NoSuchBucket' },
    ])
    expect(optional).toEqual({ maybe: undefined })
  })

  it('fails a body that is not what was declared, and an object over maxBytes, with their codes', async () => {
    const error = await registryErrorOf(
      resolveOnce({
        ...throughOwnClient(),
        fetch: { text: s3(BUCKET, 'logo.png'), json: s3.json(BUCKET, 'not-json.txt'), big: s3(BUCKET, 'big.txt', { maxBytes: 1024 }) },
      }),
    )

    expect(error.failures.map(({ key, code }) => `${key}: ${code}`)).toEqual(['text: InvalidUTF8', 'json: InvalidJSON', 'big: ObjectTooLarge'])
  })
})

describe('revalidating an expired object by its ETag', () => {
  /** A handler whose entry is expired at every invocation (cacheExpiry 0): each one asks S3 again before it runs. */
  function limitsHandler(wire: S3Wire, key = 'orders/limits.json') {
    const handler = handlerWith({ ...throughOwnClient(wire), cacheExpiry: 0, fetch: { limits: s3.json(BUCKET, key) } })
    return { limits: async () => (await handler()).values.limits }
  }

  it('keeps the object on a 304, which carries no body', async () => {
    const wire = new S3Wire()
    const handler = limitsHandler(wire)

    expect(await handler.limits()).toEqual({ rps: 200 })
    expect(await handler.limits()).toEqual({ rps: 200 })
    expect(await handler.limits()).toEqual({ rps: 200 })

    expect(wire.statuses()).toEqual([200, 304, 304])
    expect(wire.exchanges[0]!.ifNoneMatch).toBeUndefined()
    expect(wire.exchanges.slice(1).map(({ ifNoneMatch }) => ifNoneMatch)).toEqual([expect.stringMatching(/^"[0-9a-f]{32}"$/), expect.any(String)])
    expect(wire.exchanges.slice(1).every(({ contentLength }) => contentLength === undefined || contentLength === '0')).toBe(true)
  })

  it('counts a 304 as a revalidation, not a refresh, in stats()', async () => {
    const middleware = registry({ ...throughOwnClient(), fetch: { limits: s3.json(BUCKET, 'orders/limits.json') } })

    await middleware.refresh('limits')
    const refreshed = await middleware.refresh('limits')

    expect(refreshed.limits).toEqual({ rps: 200 })
    expect(middleware.stats()).toMatchObject({ refreshes: 1, revalidations: 1, errors: 0 })
  })

  it('reads the object again once it is overwritten, and revalidates the new one after that', async () => {
    await put(BUCKET, 'orders/changing.json', '{"rps":1}')
    const wire = new S3Wire()
    const handler = limitsHandler(wire, 'orders/changing.json')
    await handler.limits()

    await put(BUCKET, 'orders/changing.json', '{"rps":2}')

    expect(await handler.limits()).toEqual({ rps: 2 })
    expect(await handler.limits()).toEqual({ rps: 2 })
    expect(wire.statuses()).toEqual([200, 200, 304])
  })
})

describe('a version pinned with versionId', () => {
  it('reads that version while the current one moves on', async () => {
    const values = await resolveOnce({
      ...throughOwnClient(),
      fetch: { pinned: s3.json(VERSIONED, 'limits.json', { versionId: versions.first }), current: s3.json(VERSIONED, 'limits.json') },
    })

    expect(values).toEqual({ pinned: { rps: 100 }, current: { rps: 300 } })
  })

  it('is revalidated with a 304 like the current one', async () => {
    const wire = new S3Wire()
    const fetch = { pinned: s3.json(VERSIONED, 'limits.json', { versionId: versions.second }) }
    const handler = handlerWith({ ...throughOwnClient(wire), cacheExpiry: 0, fetch })

    expect((await handler()).values.pinned).toEqual({ rps: 300 })
    expect((await handler()).values.pinned).toEqual({ rps: 300 })

    expect(wire.statuses()).toEqual([200, 304])
  })

  it('fails with NoSuchVersion for a version the object never had', async () => {
    const error = await registryErrorOf(
      resolveOnce({ ...throughOwnClient(), fetch: { pinned: s3(VERSIONED, 'limits.json', { versionId: 'no-such-version' }) } }),
    )

    expect(error.failures.map(({ code }) => code)).toEqual(['NoSuchVersion'])
  })
})

describe('reading a bucket of another account through assumeRole', () => {
  beforeAll(async () => {
    // moto runs a request signed with a role session in the role's account: the bucket is created there.
    const sts = new STSClient(awsClientOptions())
    const { Credentials: session } = await sts.send(new AssumeRoleCommand({ RoleArn: READER.roleArn, RoleSessionName: 'integration-seeding' }))
    const credentials = { accessKeyId: session!.AccessKeyId!, secretAccessKey: session!.SecretAccessKey!, sessionToken: session!.SessionToken! }
    const central = new S3Client({ ...awsClientOptions(), credentials })
    await central.send(new CreateBucketCommand({ Bucket: CENTRAL_BUCKET }))
    await put(CENTRAL_BUCKET, 'shared/limits.json', '{"rps":500}', central)
  })

  it('reads the object with the role session, assumed once, and revalidates it with the same session', async () => {
    const wire = new S3Wire()
    const handler = handlerWith({
      ...throughOwnClient(wire),
      cacheExpiry: 0,
      fetch: { shared: s3.json(CENTRAL_BUCKET, 'shared/limits.json', { assumeRole: READER }) },
    })

    expect((await handler()).values.shared).toEqual({ rps: 500 })
    expect((await handler()).values.shared).toEqual({ rps: 500 })

    expect(wire.count('AssumeRole')).toBe(1)
    const reads = wire.sent.filter((request) => request.service === 's3')
    expect(reads).toHaveLength(2)
    expect(reads.every((request) => request.accessKeyId.startsWith('ASIA'))).toBe(true)
    expect(wire.statuses().slice(-2)).toEqual([200, 304])
  })
})
