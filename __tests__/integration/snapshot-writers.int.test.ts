/**
 * Writing the snapshot against moto: publishService({ snapshot }), `publish --snapshot`
 * and `apply --snapshot` rewrite the stage's document in S3 after their writes, never
 * with a secret value in it, conditionally on its ETag so that concurrent writers keep
 * each other's changes; a caller then reads every parameter it holds in one GetObject.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, service, ssm } from '../../src/index.js'
import '../../src/snapshot.js'
import type { SnapshotDocument } from '../../src/sources/ssm/snapshot.js'
import { publishService } from '../../src/write/publish/index.js'
import { sender } from '../../src/write/store/aws/send.js'
import { readSnapshotObject, writeSnapshotObject } from '../../src/write/store/aws/snapshot.js'
import { cli } from '../unit/cli/fake-io.js'
import { awsClientOptions, motoEndpoint, REGION, RecordingHttpHandler, resetMoto, resolveOnce } from './helpers.js'

const BUCKET = 'registry-snapshots'
const s3Admin = new S3Client(awsClientOptions())
const API_KEY = 'sk_snapshot_writer_5d4c3b'
const DB_PASSWORD = 'snapshot-password-8u7t'

async function snapshotAt(key: string): Promise<{ document: SnapshotDocument; text: string }> {
  const { Body } = await s3Admin.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
  const text = await Body!.transformToString()
  return { document: JSON.parse(text) as SnapshotDocument, text }
}

const publish = (name: string, endpoint: string, key: string, apiKey?: string) =>
  publishService({
    service: name,
    stage: 'prod',
    endpoint,
    ...(apiKey ? { apiKey } : {}),
    awsClientOptions: awsClientOptions(),
    snapshot: `s3://${BUCKET}/${key}`,
  })

// The SDK reads credentials from the process environment; the CLI's injected env is for its own lookups.
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY }
let directory: string
beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'testing'
  process.env.AWS_SECRET_ACCESS_KEY = 'testing'
  await resetMoto()
  await s3Admin.send(new CreateBucketCommand({ Bucket: BUCKET }))
  directory = await mkdtemp(join(tmpdir(), 'snapshot-writers-'))
})
afterAll(async () => {
  await rm(directory, { recursive: true, force: true })
  if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID
  else process.env.AWS_ACCESS_KEY_ID = saved.id
  if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY
  else process.env.AWS_SECRET_ACCESS_KEY = saved.secret
})
beforeEach(() => clearRegistryCache())

describe('publishService({ snapshot })', () => {
  it('writes the endpoint to the snapshot, never the API key, and a caller reads it with no Parameter Store request', async () => {
    const result = await publish('orders', 'https://orders.prod.example', 'publish/prod.json', API_KEY)
    const { document, text } = await snapshotAt('publish/prod.json')
    const wire = new RecordingHttpHandler()
    const values = await resolveOnce({
      awsClientOptions: { ...awsClientOptions(), requestHandler: wire },
      prefetch: false,
      local: false,
      snapshot: `s3://${BUCKET}/publish/prod.json`,
      fetch: { endpoint: ssm('/orders/prod/endpoint') },
    })

    expect(result.snapshot).toBe(`s3://${BUCKET}/publish/prod.json`)
    expect(document).toMatchObject({
      stage: 'prod',
      paths: ['/orders/prod'],
      parameters: { '/orders/prod/endpoint': { value: 'https://orders.prod.example', version: 1 } },
    })
    expect(text).not.toContain(API_KEY)
    expect(values).toEqual({ endpoint: 'https://orders.prod.example' })
    expect(wire.sent.filter(({ service: name }) => name === 'ssm')).toEqual([])
  })

  it('keeps the other services of the stage, however many publish at once', async () => {
    const services = ['billing', 'search', 'payments', 'shipping']
    await Promise.all(services.map((name) => publish(name, `https://${name}.prod.example`, 'concurrent/prod.json')))
    const { document } = await snapshotAt('concurrent/prod.json')

    expect(Object.keys(document.parameters).sort()).toEqual(services.map((name) => `/${name}/prod/endpoint`).sort())
  })

  it('refuses to write over an object that is not a snapshot, saying the publish itself was done', async () => {
    await s3Admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'other/object.json', Body: '{"mine":true}' }))

    await expect(publish('orders', 'https://orders.prod.example', 'other/object.json')).rejects.toMatchObject({
      name: 'PublishError',
      code: 'SnapshotInvalid',
      message: expect.stringContaining('the service was published'),
    })
  })

  it('refuses a snapshot beside a local registry file', async () => {
    await expect(
      publishService({ service: 'orders', stage: 'prod', endpoint: 'https://o.example', local: join(directory, 'r.json'), snapshot: `s3://${BUCKET}/x.json` }),
    ).rejects.toMatchObject({ name: 'PublishInputError', message: expect.stringContaining('"local" and "snapshot" cannot be combined') })
  })
})

describe('a conditional write', () => {
  it('writes only over the object it read (its ETag), and only creates one that does not exist yet', async () => {
    const send = sender({ awsClientOptions: awsClientOptions() })
    const location = { bucket: BUCKET, key: 'conditional/prod.json' }
    await publish('orders', 'https://orders.prod.example', location.key)
    const read = await readSnapshotObject(send, location)
    await publish('billing', 'https://billing.prod.example', location.key)

    expect(await writeSnapshotObject(send, location, read.document!, read.etag)).toBe(false)
    expect(await writeSnapshotObject(send, location, read.document!, undefined)).toBe(false)
    expect(Object.keys((await snapshotAt(location.key)).document.parameters)).toEqual(['/billing/prod/endpoint', '/orders/prod/endpoint'])
    const current = await readSnapshotObject(send, location)
    expect(await writeSnapshotObject(send, location, current.document!, current.etag)).toBe(true)
  })
})

describe('the CLI with --snapshot', () => {
  const aws = () => ['--region', REGION, '--aws-endpoint-url', motoEndpoint()]
  const env = { ORDERS_KEY: API_KEY, DB_PASSWORD }

  it('publish rewrites the snapshot and says so', async () => {
    const published = await cli(
      [
        'publish',
        '--service',
        'orders',
        '--stage',
        'staging',
        '--endpoint',
        'https://orders.staging.example',
        '--snapshot',
        `s3://${BUCKET}/cli/staging.json`,
        ...aws(),
      ],
      { env },
    )
    const { document } = await snapshotAt('cli/staging.json')

    expect(published).toMatchObject({ code: 0, stderr: '' })
    expect(published.stdout).toContain(`snapshot  s3://${BUCKET}/cli/staging.json`)
    expect(document.parameters['/orders/staging/endpoint']?.value).toBe('https://orders.staging.example')
  })

  it('apply rewrites the stage its file declares: its parameters and services, a SecureString by name only', async () => {
    const file = join(directory, 'registry.yaml')
    await writeFile(
      file,
      `version: 1
stages:
  qa:
    services:
      orders: { endpoint: https://orders.qa.example, apiKey: { fromEnv: ORDERS_KEY } }
    parameters:
      /orders/qa/hosts: [a.example.com, b.example.com]
      /orders/qa/db-password: { secure: { fromEnv: DB_PASSWORD } }
      /features/qa/checkout-v2: 'on'
`,
    )
    const applied = await cli(['apply', '--file', file, '--snapshot', `s3://${BUCKET}/cli/qa.json`, ...aws()], { env })
    const { document, text } = await snapshotAt('cli/qa.json')
    const values = await resolveOnce({
      awsClientOptions: awsClientOptions(),
      prefetch: false,
      local: false,
      stage: 'qa',
      snapshot: `s3://${BUCKET}/cli/qa.json`,
      fetch: { orders: service('orders'), hosts: ssm.list('/orders/qa/hosts'), features: ssm.path('/features/qa') },
    })

    expect(applied).toMatchObject({ code: 0, stderr: '' })
    expect(applied.stdout).toContain(`Snapshot s3://${BUCKET}/cli/qa.json (qa): 3 parameters.`)
    expect(document).toMatchObject({ stage: 'qa', paths: ['/features/qa', '/orders/qa'], withheld: ['/orders/qa/db-password'] })
    expect(Object.keys(document.parameters)).toEqual(['/features/qa/checkout-v2', '/orders/qa/endpoint', '/orders/qa/hosts'])
    expect(text).not.toContain(DB_PASSWORD)
    expect(text).not.toContain(API_KEY)
    expect(values).toMatchObject({ hosts: ['a.example.com', 'b.example.com'], features: { 'checkout-v2': 'on' } })
    expect((values.orders as { endpoint: string; apiKey: string }).apiKey).toBe(API_KEY)
  })

  it('apply refuses --snapshot for a file of several stages without --stage, before writing anything', async () => {
    const file = join(directory, 'two-stages.yaml')
    await writeFile(file, `version: 1\nstages:\n  a:\n    parameters: { /x/a/p: '1' }\n  b:\n    parameters: { /x/b/p: '2' }\n`)
    const refused = await cli(['apply', '--file', file, '--snapshot', `s3://${BUCKET}/cli/two.json`, ...aws()], { env })

    expect(refused.code).toBe(64)
    expect(refused.stderr).toContain('--snapshot is one stage')
  })
})
