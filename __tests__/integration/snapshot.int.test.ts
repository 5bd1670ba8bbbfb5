/**
 * The snapshot tier against moto: a stage's non-secret parameters as one document in S3,
 * served at cold start in one GetObject (no Parameter Store request), revalidated by its
 * ETag, and Parameter Store asked, per key, for whatever the document cannot tell.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { LabelParameterVersionCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, type FetchMap, type RegistryOptions, ssm } from '../../src/index.js'
import '../../src/snapshot.js'
import { buildSnapshot, type ReadParameter } from '../../src/sources/ssm/snapshot.js'
import { awsClientOptions, handlerWith, RecordingHttpHandler, resetMoto, resolveOnce } from './helpers.js'

const BUCKET = 'registry-snapshots'
const KEY = 'prod/snapshot.json'
const s3Admin = new S3Client(awsClientOptions())
const ssmAdmin = new SSMClient(awsClientOptions())

const parameters: Array<{ Name: string; Value: string; Type: 'String' | 'StringList' | 'SecureString' }> = [
  { Name: '/orders/prod/endpoint', Value: 'https://orders-v1.example.com', Type: 'String' },
  { Name: '/orders/prod/endpoint', Value: 'https://orders-v2.example.com', Type: 'String' },
  { Name: '/orders/prod/regions', Value: 'eu-west-1,us-east-1', Type: 'StringList' },
  { Name: '/orders/prod/limits', Value: '{"rps":200}', Type: 'String' },
  { Name: '/orders/prod/flags/beta', Value: 'on', Type: 'String' },
  { Name: '/orders/prod/db-password', Value: 'hunter2', Type: 'SecureString' },
]

/** What a writer reads of the stage (the latest version of each, with its labels). */
const stage = (changes: Partial<Record<string, string>> = {}): ReadParameter[] => [
  { name: '/orders/prod/endpoint', value: changes.endpoint ?? 'https://orders-v2.example.com', type: 'String', version: 2, labels: ['live'] },
  { name: '/orders/prod/regions', value: 'eu-west-1,us-east-1', type: 'StringList', version: 1 },
  { name: '/orders/prod/limits', value: '{"rps":200}', type: 'String', version: 1 },
  { name: '/orders/prod/flags/beta', value: 'on', type: 'String', version: 1 },
  { name: '/orders/prod/db-password', value: 'hunter2', type: 'SecureString', version: 1 },
]

const writeSnapshot = (read = stage()) =>
  s3Admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: JSON.stringify(buildSnapshot('prod', ['/orders/prod'], read)) }))

type Reach = Pick<RegistryOptions<FetchMap>, 'awsClientOptions' | 'prefetch' | 'local' | 'snapshot'>

/** registry() creating its own SSM and S3 clients, every request recorded. */
const throughSnapshot = (wire: RecordingHttpHandler, snapshot: RegistryOptions<FetchMap>['snapshot'] = `s3://${BUCKET}/${KEY}`): Reach => ({
  awsClientOptions: { ...awsClientOptions(), requestHandler: wire },
  prefetch: false,
  local: false,
  snapshot,
})

const sentTo = (wire: RecordingHttpHandler, service: string) => wire.sent.filter((request) => request.service === service).length

beforeAll(async () => {
  await resetMoto()
  await s3Admin.send(new CreateBucketCommand({ Bucket: BUCKET }))
  for (const parameter of parameters) await ssmAdmin.send(new PutParameterCommand({ ...parameter, Overwrite: true }))
  await ssmAdmin.send(new LabelParameterVersionCommand({ Name: '/orders/prod/endpoint', ParameterVersion: 1, Labels: ['previous'] }))
  await ssmAdmin.send(new LabelParameterVersionCommand({ Name: '/orders/prod/endpoint', ParameterVersion: 2, Labels: ['live'] }))
})

beforeEach(async () => {
  clearRegistryCache()
  await writeSnapshot()
})

describe('a cold start served from the snapshot', () => {
  it('resolves every non-secret reference it holds in one GetObject, with no Parameter Store request', async () => {
    const wire = new RecordingHttpHandler()
    const values = await resolveOnce({
      ...throughSnapshot(wire),
      fetch: {
        endpoint: ssm('/orders/prod/endpoint'),
        pinned: ssm('/orders/prod/endpoint:2'),
        live: ssm('/orders/prod/endpoint:live'),
        regions: ssm.list('/orders/prod/regions'),
        limits: ssm.json('/orders/prod/limits'),
        flags: ssm.path('/orders/prod/flags'),
      },
    })

    expect(values).toEqual({
      endpoint: 'https://orders-v2.example.com',
      pinned: 'https://orders-v2.example.com',
      live: 'https://orders-v2.example.com',
      regions: ['eu-west-1', 'us-east-1'],
      limits: { rps: 200 },
      flags: { beta: 'on' },
    })
    expect(sentTo(wire, 's3')).toBe(1)
    expect(sentTo(wire, 'ssm')).toBe(0)
  })

  it('takes the snapshot as { bucket, key } too', async () => {
    const wire = new RecordingHttpHandler()
    const values = await resolveOnce({ ...throughSnapshot(wire, { bucket: BUCKET, key: KEY }), fetch: { endpoint: ssm('/orders/prod/endpoint') } })

    expect(values).toEqual({ endpoint: 'https://orders-v2.example.com' })
    expect(sentTo(wire, 'ssm')).toBe(0)
  })
})

describe('falling back to Parameter Store, per key', () => {
  it('asks it only for what the snapshot cannot tell: a SecureString, an older version, another label, a path holding a secret', async () => {
    const wire = new RecordingHttpHandler()
    const values = await resolveOnce({
      ...throughSnapshot(wire),
      fetch: {
        endpoint: ssm('/orders/prod/endpoint'),
        password: ssm('/orders/prod/db-password'),
        previous: ssm('/orders/prod/endpoint:previous'),
        all: ssm.path('/orders/prod'),
      },
    })

    expect(values).toMatchObject({
      endpoint: 'https://orders-v2.example.com',
      password: 'hunter2',
      previous: 'https://orders-v1.example.com',
      all: expect.objectContaining({ 'db-password': 'hunter2', 'flags/beta': 'on' }),
    })
    expect(wire.count('GetParameters')).toBeGreaterThanOrEqual(1)
    expect(wire.count('GetParametersByPath')).toBeGreaterThanOrEqual(1)
    expect(sentTo(wire, 's3')).toBe(1)
    // moto drops the selector from its answer: a version and a label of one name are asked apart here.
    expect(await resolveOnce({ ...throughSnapshot(wire), fetch: { first: ssm('/orders/prod/endpoint:1') } })).toEqual({
      first: 'https://orders-v1.example.com',
    })
  })

  it('never writes a SecureString to the snapshot', async () => {
    const { Body } = await s3Admin.send(new (await import('@aws-sdk/client-s3')).GetObjectCommand({ Bucket: BUCKET, Key: KEY }))
    const text = await Body!.transformToString()

    expect(text).not.toContain('hunter2')
    expect(JSON.parse(text).withheld).toEqual(['/orders/prod/db-password'])
  })

  it('reads every key from Parameter Store when the snapshot does not exist, failing none', async () => {
    const wire = new RecordingHttpHandler()
    const values = await resolveOnce({
      ...throughSnapshot(wire, `s3://${BUCKET}/no-such/snapshot.json`),
      fetch: { endpoint: ssm('/orders/prod/endpoint'), flags: ssm.path('/orders/prod/flags') },
    })

    expect(values).toEqual({ endpoint: 'https://orders-v2.example.com', flags: { beta: 'on' } })
    expect(sentTo(wire, 's3')).toBe(1)
    expect(sentTo(wire, 'ssm')).toBe(2)
  })

  it('reads every key from Parameter Store when the snapshot is not a snapshot', async () => {
    await s3Admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: '{"not":"a snapshot"}' }))
    const values = await resolveOnce({ ...throughSnapshot(new RecordingHttpHandler()), fetch: { endpoint: ssm('/orders/prod/endpoint') } })

    expect(values).toEqual({ endpoint: 'https://orders-v2.example.com' })
  })
})

describe('revalidating the snapshot by its ETag', () => {
  it('keeps the document while it is unchanged, and serves the new one once it is rewritten', async () => {
    const wire = new RecordingHttpHandler()
    const handler = handlerWith({ ...throughSnapshot(wire), cacheExpiry: 0, fetch: { endpoint: ssm('/orders/prod/endpoint') } })

    expect((await handler()).values.endpoint).toBe('https://orders-v2.example.com')
    expect((await handler()).values.endpoint).toBe('https://orders-v2.example.com')
    await writeSnapshot(stage({ endpoint: 'https://orders-v3.example.com' }))
    expect((await handler()).values.endpoint).toBe('https://orders-v3.example.com')

    expect(sentTo(wire, 's3')).toBe(3)
    expect(sentTo(wire, 'ssm')).toBe(0)
  })
})
