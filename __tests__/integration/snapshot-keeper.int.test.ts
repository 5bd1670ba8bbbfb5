/**
 * The snapshot keeper against moto: invoked with a recorded EventBridge event for a
 * Parameter Store change made outside the CLI, it reads that parameter again and rewrites
 * the stage's snapshot (a SecureString by name only), which callers then read.
 */
import { readFileSync } from 'node:fs'
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { DeleteParameterCommand, LabelParameterVersionCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, ssm } from '../../src/index.js'
import '../../src/snapshot.js'
import type { SnapshotDocument } from '../../src/sources/ssm/snapshot.js'
import { type ParameterStoreChangeEvent, snapshotKeeper } from '../../src/write/publish/keeper.js'
import { awsClientOptions, RecordingHttpHandler, resetMoto, resolveOnce } from './helpers.js'

const BUCKET = 'registry-snapshots'
const KEY = 'keeper/prod.json'
const s3Admin = new S3Client(awsClientOptions())
const ssmAdmin = new SSMClient(awsClientOptions())
const RECORDED = JSON.parse(readFileSync(new URL('../fixtures/parameter-store-change.event.json', import.meta.url), 'utf8')) as ParameterStoreChangeEvent

/** The recorded event, for another parameter or operation. */
const changeOf = (name: string, operation: string, type = 'String'): ParameterStoreChangeEvent => ({ ...RECORDED, detail: { name, operation, type } })

const keeper = snapshotKeeper({ snapshot: `s3://${BUCKET}/${KEY}`, stage: 'prod', paths: ['/orders/prod'], awsClientOptions: awsClientOptions() })
const put = (Name: string, Value: string, Type: 'String' | 'SecureString' = 'String') =>
  ssmAdmin.send(new PutParameterCommand({ Name, Value, Type, Overwrite: true }))

async function snapshot(): Promise<{ document: SnapshotDocument; text: string }> {
  const { Body } = await s3Admin.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY }))
  const text = await Body!.transformToString()
  return { document: JSON.parse(text) as SnapshotDocument, text }
}

beforeAll(async () => {
  await resetMoto()
  await s3Admin.send(new CreateBucketCommand({ Bucket: BUCKET }))
  await put('/orders/prod/endpoint', 'https://orders.prod.example')
  await put('/orders/prod/limits', '{"rps":200}')
  await put('/orders/prod/db-password', 'keeper-password-3k2j', 'SecureString')
})
beforeEach(() => clearRegistryCache())

describe('the snapshot keeper', () => {
  it('writes the whole stage when there is no snapshot yet, a SecureString by name only', async () => {
    await put('/orders/prod/limits', '{"rps":300}')
    const result = await keeper(RECORDED)
    const { document, text } = await snapshot()

    expect(result).toEqual({ rewritten: true, name: '/orders/prod/limits', operation: 'Update', parameters: 2 })
    expect(document).toMatchObject({
      stage: 'prod',
      paths: ['/orders/prod'],
      parameters: { '/orders/prod/endpoint': { value: 'https://orders.prod.example' }, '/orders/prod/limits': { value: '{"rps":300}', version: 2 } },
      withheld: ['/orders/prod/db-password'],
    })
    expect(text).not.toContain('keeper-password-3k2j')
  })

  it('rewrites the changed parameter, and a caller reads the new value from the snapshot alone', async () => {
    await put('/orders/prod/limits', '{"rps":400}')
    await keeper(RECORDED)
    const wire = new RecordingHttpHandler()
    const values = await resolveOnce({
      awsClientOptions: { ...awsClientOptions(), requestHandler: wire },
      prefetch: false,
      local: false,
      snapshot: `s3://${BUCKET}/${KEY}`,
      fetch: { limits: ssm.json('/orders/prod/limits') },
    })

    expect(values).toEqual({ limits: { rps: 400 } })
    expect(wire.sent.filter(({ service }) => service === 'ssm')).toEqual([])
  })

  it('follows a label moved onto the latest version', async () => {
    await ssmAdmin.send(new LabelParameterVersionCommand({ Name: '/orders/prod/limits', ParameterVersion: 3, Labels: ['live'] }))
    await keeper(changeOf('/orders/prod/limits', 'LabelParameterVersion'))

    expect((await snapshot()).document.parameters['/orders/prod/limits']).toMatchObject({ version: 3, labels: ['live'] })
  })

  it('adds a created parameter, withholds one turned into a SecureString, and drops a deleted one', async () => {
    await put('/orders/prod/timeout', '2500')
    await keeper(changeOf('/orders/prod/timeout', 'Create'))
    await put('/orders/prod/endpoint', 'https://secret.example', 'SecureString')
    await keeper(changeOf('/orders/prod/endpoint', 'Update', 'SecureString'))
    await ssmAdmin.send(new DeleteParameterCommand({ Name: '/orders/prod/limits' }))
    await keeper(changeOf('/orders/prod/limits', 'Delete'))
    const { document, text } = await snapshot()

    expect(Object.keys(document.parameters)).toEqual(['/orders/prod/timeout'])
    expect(document.withheld).toEqual(['/orders/prod/db-password', '/orders/prod/endpoint'])
    expect(text).not.toContain('https://secret.example')
  })

  it('leaves the snapshot alone for a parameter outside its paths, and for an event that is not a change', async () => {
    const before = (await snapshot()).text

    expect(await keeper(changeOf('/billing/prod/endpoint', 'Update'))).toEqual({
      rewritten: false,
      reason: "/billing/prod/endpoint is not under the snapshot's paths",
    })
    expect(await keeper({ 'detail-type': 'Scheduled Event', detail: {} })).toEqual({ rewritten: false, reason: 'not a Parameter Store change event' })
    expect((await snapshot()).text).toBe(before)
  })

  it('refuses options it cannot work with when it is created', () => {
    expect(() => snapshotKeeper({ snapshot: 'bucket/key' as never, stage: 'prod', paths: ['/orders/prod'] })).toThrow(
      'snapshotKeeper() option "snapshot": must be s3://bucket/key',
    )
    expect(() => snapshotKeeper({ snapshot: `s3://${BUCKET}/${KEY}`, stage: 'prod', paths: [] })).toThrow('option "paths" must be a non-empty list')
    expect(() => snapshotKeeper({ snapshot: `s3://${BUCKET}/${KEY}`, stage: '', paths: ['/x'] })).toThrow('option "stage"')
  })
})
