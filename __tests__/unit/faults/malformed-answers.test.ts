/** A success that carries no usable value is a failure (InvalidResponse): the last good value stays. */

import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { BatchGetSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { DiscoverInstancesCommand } from '@aws-sdk/client-servicediscovery'
import { GetParametersByPathCommand, GetParametersCommand } from '@aws-sdk/client-ssm'
import { describe, expect, it, jest } from '@jest/globals'
import { cloudMap, dynamo, type FetchMap, type RegistryEvent, registry, s3, secret, ssm } from '../../../src/index.js'
import { invoke, onFakeClock, testOptions } from '../helpers.js'
import { discoveryMock, dynamoMock, resetAll, s3Mock, secretsMock, ssmMock } from '../mocks.js'
import { streamOf } from '../s3-objects.js'

const MINUTE = 60_000

/** Resolves `fetch` once from `good`, then refreshes past expiry while the service answers `broken`. */
async function refreshAgainst<F extends FetchMap>(fetch: F, answer: (broken: boolean) => void) {
  const events: RegistryEvent[] = []
  const middleware = registry({ fetch, cacheExpiry: MINUTE, onEvent: (event) => events.push(event), ...testOptions() })
  answer(false)
  const before = await invoke(middleware)
  answer(true)
  jest.setSystemTime(Date.now() + 2 * MINUTE)
  await invoke(middleware)
  await new Promise((resolve) => setImmediate(resolve))
  await new Promise((resolve) => setImmediate(resolve))
  const after = await invoke(middleware)
  return { before, after, errors: events.filter(({ type }) => type === 'error').map(({ key, code }) => `${key}: ${code}`) }
}

/** Answers one command with `good` until broken, then with `bad`. */
function switchable(mock: { on: (command: never) => { resolves: (output: never) => unknown } }, command: unknown, good: object, bad: object) {
  return (broken: boolean) => mock.on(command as never).resolves((broken ? bad : good) as never)
}

describe('a malformed success keeps the last good value', () => {
  onFakeClock(resetAll)

  it('Secrets Manager: a version with neither SecretString nor SecretBinary', async () => {
    const answer = switchable(secretsMock as never, GetSecretValueCommand, { Name: 'db', SecretString: 'pw-1' }, { Name: 'db' })
    const { after, errors } = await refreshAgainst({ db: secret('db') }, answer)
    expect(after.db).toBe('pw-1')
    expect(errors).toEqual(['db: InvalidResponse'])
  })

  it('Secrets Manager: a batch answer with neither SecretValues nor Errors', async () => {
    const good = {
      SecretValues: [
        { Name: 'a', SecretString: 'A' },
        { Name: 'b', SecretString: 'B' },
      ],
    }
    const answer = switchable(secretsMock as never, BatchGetSecretValueCommand, good, {})
    const { after, errors } = await refreshAgainst({ a: secret('a'), b: secret('b') }, answer)
    expect([after.a, after.b]).toEqual(['A', 'B'])
    expect(errors).toEqual(['a: InvalidResponse', 'b: InvalidResponse'])
  })

  it('SSM: a parameter without its Value', async () => {
    const answer = switchable(
      ssmMock as never,
      GetParametersCommand,
      { Parameters: [{ Name: '/url', Value: 'https://a', Type: 'String' }] },
      { Parameters: [{ Name: '/url', Type: 'String' }] },
    )
    const { after, errors } = await refreshAgainst({ url: ssm('/url') }, answer)
    expect(after.url).toBe('https://a')
    expect(errors).toEqual(['url: InvalidResponse'])
  })

  it('SSM: a GetParameters answer without a Parameters list', async () => {
    const answer = switchable(ssmMock as never, GetParametersCommand, { Parameters: [{ Name: '/url', Value: 'https://a', Type: 'String' }] }, {})
    const { after, errors } = await refreshAgainst({ url: ssm('/url') }, answer)
    expect(after.url).toBe('https://a')
    expect(errors).toEqual(['url: InvalidResponse'])
  })

  it('SSM: a GetParametersByPath answer without a Parameters list, which would empty the record', async () => {
    const answer = switchable(ssmMock as never, GetParametersByPathCommand, { Parameters: [{ Name: '/flags/a', Value: 'on', Type: 'String' }] }, {})
    const { after, errors } = await refreshAgainst({ flags: ssm.path('/flags') }, answer)
    expect(after.flags).toEqual({ a: 'on' })
    expect(errors).toEqual(['flags: InvalidResponse'])
  })

  it('DynamoDB: a BatchGetItem answer without Responses, which would make the item look deleted', async () => {
    const good = { Responses: { registry: [{ pk: { S: 'orders' }, value: { S: 'https://orders' } }] } }
    const answer = switchable(dynamoMock as never, BatchGetItemCommand, good, {})
    const { after, errors } = await refreshAgainst({ url: dynamo('registry', 'orders') }, answer)
    expect(after.url).toBe('https://orders')
    expect(errors).toEqual(['url: InvalidResponse'])
  })

  it('DynamoDB: an item without the attribute that the cached item had', async () => {
    const good = { Responses: { registry: [{ pk: { S: 'orders' }, value: { S: 'https://orders' } }] } }
    const answer = switchable(dynamoMock as never, BatchGetItemCommand, good, { Responses: { registry: [{ pk: { S: 'orders' } }] } })
    const { after, errors } = await refreshAgainst({ url: dynamo('registry', 'orders') }, answer)
    expect(after.url).toBe('https://orders')
    expect(errors).toEqual(['url: InvalidResponse'])
  })

  it('Cloud Map: a DiscoverInstances answer without an Instances list', async () => {
    const good = { Instances: [{ InstanceId: 'i-1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1' } }], InstancesRevision: 1 }
    const answer = switchable(discoveryMock as never, DiscoverInstancesCommand, good, {})
    const { after, errors } = await refreshAgainst({ orders: cloudMap({ namespace: 'shop', service: 'orders' }) }, answer)
    expect(after.orders).toEqual([expect.objectContaining({ id: 'i-1' })])
    expect(errors).toEqual(['orders: InvalidResponse'])
  })

  it('S3: a GetObject answer without a body', async () => {
    const answer = (broken: boolean) =>
      s3Mock.on(GetObjectCommand).callsFake(async () => (broken ? { ETag: '"e2"' } : { Body: streamOf('{"rps":200}'), ETag: '"e1"' }))
    const { after, errors } = await refreshAgainst({ limits: s3.json('config-bucket', 'limits.json') }, answer)
    expect(after.limits).toEqual({ rps: 200 })
    expect(errors).toEqual(['limits: InvalidResponse'])
  })
})
