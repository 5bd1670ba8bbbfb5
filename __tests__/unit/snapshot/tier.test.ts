import { GetObjectCommand } from '@aws-sdk/client-s3'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { registry, ssm } from '../../../src/index.js'
import { routeOf } from '../../../src/registry/route.js'
import '../../../src/snapshot.js'
import { buildSnapshot } from '../../../src/sources/ssm/snapshot.js'
import { resetAll, s3Mock, serveParameters, ssmMock } from '../mocks.js'

const SNAPSHOT = 's3://registry-snapshots/prod/snapshot.json'
const document = buildSnapshot(
  'prod',
  ['/orders/prod'],
  [{ name: '/orders/prod/endpoint', value: 'https://from-snapshot.example', type: 'String', version: 1 }],
)
const body = () => ({ Body: new TextEncoder().encode(JSON.stringify(document)), ETag: '"etag-1"' }) as never
const values = (fetch: Parameters<typeof registry>[0]['fetch']) =>
  registry({ fetch, snapshot: SNAPSHOT, prefetch: false, local: false, awsClientOptions: { region: 'eu-west-1' } }).values()

beforeEach(() => {
  resetAll()
  serveParameters({ '/orders/prod/endpoint': 'https://from-ssm.example', '/billing/prod/endpoint': 'https://billing.example' })
})
afterEach(() => {
  jest.useRealTimers()
})

describe('the snapshot tier', () => {
  it('is not used for a reference read through a role: another account is not in this stage’s snapshot', () => {
    const settings = { requestTimeout: 1000, snapshot: { bucket: 'registry-snapshots', key: 'prod/snapshot.json' } }
    const role = { roleArn: 'arn:aws:iam::111111111111:role/reader' }

    expect(routeOf(ssm('/orders/prod/endpoint'), settings).tier).toEqual(expect.stringContaining(SNAPSHOT))
    expect(routeOf(ssm('/orders/prod/endpoint', { assumeRole: role }), settings).tier).toBeUndefined()
    expect(routeOf(ssm('/orders/prod/endpoint'), { requestTimeout: 1000 }).tier).toBeUndefined()
  })

  it('shares one GetObject between the registries that ask at the same time', async () => {
    s3Mock.on(GetObjectCommand).resolves(body())
    const [first, second] = await Promise.all([values({ a: ssm('/orders/prod/endpoint') }), values({ b: ssm('/orders/prod/endpoint') })])

    expect([first, second]).toEqual([{ a: 'https://from-snapshot.example' }, { b: 'https://from-snapshot.example' }])
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(1)
    expect(ssmMock.commandCalls(GetParametersCommand)).toHaveLength(0)
  })

  it('sends to Parameter Store only the names the snapshot lacks, in the same batch', async () => {
    s3Mock.on(GetObjectCommand).resolves(body())
    const resolved = await values({ orders: ssm('/orders/prod/endpoint'), billing: ssm('/billing/prod/endpoint') })

    expect(resolved).toEqual({ orders: 'https://from-snapshot.example', billing: 'https://billing.example' })
    expect(ssmMock.commandCalls(GetParametersCommand).map(({ args }) => args[0].input.Names)).toEqual([['/billing/prod/endpoint']])
  })

  it('after a snapshot that could not be read, goes straight to Parameter Store for 30 seconds, then asks S3 again', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    s3Mock
      .on(GetObjectCommand)
      .rejectsOnce(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }))
      .resolves(body())

    expect(await values({ a: ssm('/orders/prod/endpoint') })).toEqual({ a: 'https://from-ssm.example' })
    expect(await values({ b: ssm('/orders/prod/endpoint', { cacheExpiry: 0 }) })).toEqual({ b: 'https://from-ssm.example' })
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(1)
    jest.advanceTimersByTime(30_001)
    expect(await values({ c: ssm('/orders/prod/endpoint', { cacheExpiry: 0 }) })).toEqual({ c: 'https://from-snapshot.example' })
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(2)
  })

  it('asks S3 with the ETag it holds, and keeps the document on a 304', async () => {
    const notModified = Object.assign(new Error('Not Modified'), { name: 'NotModified', $metadata: { httpStatusCode: 304 } })
    s3Mock.on(GetObjectCommand).resolvesOnce(body()).rejects(notModified)
    const handler = registry({ fetch: { a: ssm('/orders/prod/endpoint') }, snapshot: SNAPSHOT, cacheExpiry: 0, prefetch: false, local: false })

    expect(await handler.values()).toEqual({ a: 'https://from-snapshot.example' })
    expect(await handler.values()).toEqual({ a: 'https://from-snapshot.example' })
    expect(s3Mock.commandCalls(GetObjectCommand).map(({ args }) => args[0].input.IfNoneMatch)).toEqual([undefined, '"etag-1"'])
    expect(ssmMock.commandCalls(GetParametersCommand)).toHaveLength(0)
  })
})
