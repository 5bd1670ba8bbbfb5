import { DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, TagResourceCommand } from '@aws-sdk/client-secrets-manager'
import { AddTagsToResourceCommand, GetParametersCommand, ListTagsForResourceCommand, PutParameterCommand } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { checkRegistryFile } from '../../../src/registry-file/check-file.js'
import { entriesOf } from '../../../src/registry-file/entries.js'
import { applyPlan, MissingEntriesError } from '../../../src/write/engine/apply.js'
import { planRegistry } from '../../../src/write/engine/plan.js'
import { PublishError } from '../../../src/write/store/publish-error.js'
import { secretValuesOf } from '../../../src/write/sync/secret-values.js'
import { awsError } from '../helpers.js'
import { dynamoMock, resetAll, secretsMock, ssmMock } from '../mocks.js'

const access = { awsClientOptions: { region: 'eu-west-1' } }
const CERT = Buffer.from([0x30, 0x82, 0x01, 0x0a, 0xff, 0x00])
const ENV = { ORDERS_KEY: 'sk_orders_1a2b', DB_PASSWORD: 'pw_9z8y', TLS_CERT: CERT.toString('base64') }

async function prepared(stage: Record<string, unknown>, convention?: unknown) {
  const entries = entriesOf(checkRegistryFile({ version: 1, ...(convention ? { convention } : {}), stages: { prod: stage } }))
  return planRegistry(entries, await secretValuesOf(entries, ENV), access)
}

/** Answers GetParameters from a table of existing parameters. */
function existingParameters(store: Record<string, { Value: string; Type?: string; Version?: number }>) {
  ssmMock.on(GetParametersCommand).callsFake(({ Names = [] }: { Names?: string[] }) => ({
    Parameters: Names.filter((name) => name in store).map((Name) => ({ Name, Type: 'String', Version: 1, ...store[Name] })),
    InvalidParameters: Names.filter((name) => !(name in store)),
  }))
}

/** The order in which write commands reached AWS, by name. */
const writes = () =>
  [...ssmMock.calls(), ...secretsMock.calls(), ...dynamoMock.calls()]
    .sort((a, b) => (a.calledBefore(b) ? -1 : 1))
    .map((call) => call.args[0].constructor.name.replace(/Command$/, ''))
    .filter((name) => /^(Put|Create|Tag|AddTags)/.test(name))

beforeEach(() => {
  resetAll()
  existingParameters({})
  ssmMock.on(ListTagsForResourceCommand).resolves({ TagList: [] })
  ssmMock.on(PutParameterCommand).resolves({ Version: 1 })
  ssmMock.on(AddTagsToResourceCommand).resolves({})
  secretsMock.on(DescribeSecretCommand).rejects(awsError('ResourceNotFoundException'))
  secretsMock.on(PutSecretValueCommand).rejects(awsError('ResourceNotFoundException'))
  secretsMock.on(CreateSecretCommand).resolves({ VersionId: 'v-created' })
})

describe('planning a registry file against AWS', () => {
  it('reads parameters 10 names per GetParameters call, decrypting only the SecureStrings the file declares', async () => {
    const parameters = Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`/p/${index}`, 'x']))
    await prepared({ parameters: { ...parameters, '/db/password': { secure: { fromEnv: 'DB_PASSWORD' } } } })
    const calls = ssmMock.commandCalls(GetParametersCommand).map((call) => call.args[0].input)
    expect(calls.map(({ Names, WithDecryption }) => `${Names!.length} ${WithDecryption}`).sort()).toEqual(['1 true', '10 false', '2 false'])
  })

  it('reads a parameter’s tags only when the file gives tags for it', async () => {
    existingParameters({ '/a': { Value: 'x' }, '/b': { Value: 'y' } })
    await prepared({ parameters: { '/a': 'x', '/b': { value: 'y', tags: { team: 't' } } } })
    expect(ssmMock.commandCalls(ListTagsForResourceCommand).map((call) => call.args[0].input.ResourceId)).toEqual(['/b'])
  })

  it('reads a declared secret’s metadata only, never its value', async () => {
    secretsMock.on(DescribeSecretCommand).resolves({ Name: 'legacy/prod' })
    const { plan } = await prepared({ secrets: { 'legacy/prod': { declared: true } } })
    expect(plan.entries).toMatchObject([{ name: 'legacy/prod', action: 'unchanged' }])
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(0)
  })

  it('compares a secret’s value with the variable’s, and counts the changes', async () => {
    secretsMock.on(DescribeSecretCommand).resolves({ Tags: [] })
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: 'sk_orders_old' })
    const { plan } = await prepared({ services: { orders: { endpoint: 'https://o.example.com', apiKey: { fromEnv: 'ORDERS_KEY' } } } })
    expect(plan).toMatchObject({ source: 'AWS (eu-west-1, account unknown)', changes: 2, missing: 0 })
    expect(plan.entries.map(({ name, action }) => `${action} ${name}`)).toEqual(['create /orders/prod/endpoint', 'update orders/prod/api-key'])
    expect(JSON.stringify(plan)).not.toMatch(/sk_orders/)
  })

  it('finds the items’ keys from their tables and reads them strongly consistent', async () => {
    dynamoMock.on(DescribeTableCommand).resolves({
      Table: {
        KeySchema: [
          { AttributeName: 'sk', KeyType: 'RANGE' },
          { AttributeName: 'pk', KeyType: 'HASH' },
        ],
      },
    })
    dynamoMock.on(GetItemCommand).resolves({ Item: { pk: { S: 'a' }, sk: { N: '1' }, value: { S: 'on' } } })
    const { plan } = await prepared({ dynamo: { flags: [{ pk: 'a', sk: 1, value: 'on' }] } })
    expect(dynamoMock.commandCalls(GetItemCommand)[0]!.args[0].input).toEqual({
      TableName: 'flags',
      Key: { pk: { S: 'a' }, sk: { N: '1' } },
      ConsistentRead: true,
    })
    expect(plan.entries).toMatchObject([{ kind: 'item', name: 'flags {"pk":"a","sk":1}', action: 'unchanged' }])
  })

  it('refuses an item without its table’s key, and two items with one key', async () => {
    dynamoMock.on(DescribeTableCommand).resolves({ Table: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } })
    await expect(prepared({ dynamo: { flags: [{ id: 'a' }] } })).rejects.toThrow(
      'stages.prod.dynamo.flags[0] has no partition key pk of table flags (a string or a number)',
    )
    await expect(prepared({ dynamo: { flags: [{ pk: 'a' }, { pk: 'a', v: 1 }] } })).rejects.toThrow(
      'the registry file gives the item flags {"pk":"a"} twice: at stages.prod.dynamo.flags[0] and at stages.prod.dynamo.flags[1]',
    )
  })
})

describe('applying a plan', () => {
  it('writes secrets first, then parameters and their tags, then items', async () => {
    dynamoMock.on(DescribeTableCommand).resolves({ Table: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } })
    dynamoMock.on(GetItemCommand).resolves({})
    dynamoMock.on(PutItemCommand).resolves({})
    const plan = await prepared({
      dynamo: { flags: [{ pk: 'a', rollout: { percent: 10 } }] },
      services: { orders: { endpoint: 'https://o.example.com', apiKey: { fromEnv: 'ORDERS_KEY' }, tags: { team: 'orders' } } },
    })
    const result = await applyPlan(plan)
    // A new version is tried first: another writer may have created the secret since the plan.
    expect(writes()).toEqual(['PutSecretValue', 'CreateSecret', 'PutParameter', 'AddTagsToResource', 'PutItem'])
    expect(result.applied).toEqual([
      { kind: 'secret', name: 'orders/prod/api-key', stage: 'prod', action: 'create', version: 'v-created' },
      { kind: 'parameter', name: '/orders/prod/endpoint', stage: 'prod', action: 'create', version: 1 },
      { kind: 'item', name: 'flags {"pk":"a"}', stage: 'prod', action: 'create' },
    ])
    expect(dynamoMock.commandCalls(PutItemCommand)[0]!.args[0].input).toEqual({
      TableName: 'flags',
      Item: { pk: { S: 'a' }, rollout: { M: { percent: { N: '10' } } } },
    })
  })

  it('puts each parameter as a new version of its type, a SecureString with the variable’s value', async () => {
    const plan = await prepared({ parameters: { '/hosts': ['a', 'b'], '/db/password': { secure: { fromEnv: 'DB_PASSWORD' } } } })
    await applyPlan(plan)
    expect(ssmMock.commandCalls(PutParameterCommand).map((call) => call.args[0].input)).toEqual([
      { Name: '/hosts', Value: 'a,b', Type: 'StringList', Overwrite: true },
      { Name: '/db/password', Value: ENV.DB_PASSWORD, Type: 'SecureString', Overwrite: true },
    ])
  })

  it('encrypts a SecureString with the KMS key the file names', async () => {
    await applyPlan(await prepared({ parameters: { '/db/password': { secure: { fromEnv: 'DB_PASSWORD' }, keyId: 'alias/registry' } } }))
    expect(ssmMock.commandCalls(PutParameterCommand)[0]!.args[0].input).toEqual({
      Name: '/db/password',
      Value: ENV.DB_PASSWORD,
      Type: 'SecureString',
      KeyId: 'alias/registry',
      Overwrite: true,
    })
  })

  it('only tags an entry whose tags alone differ', async () => {
    existingParameters({ '/a': { Value: 'x' } })
    secretsMock.on(DescribeSecretCommand).resolves({ Tags: [{ Key: 'team', Value: 'old' }] })
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: ENV.ORDERS_KEY })
    secretsMock.on(TagResourceCommand).resolves({})
    const plan = await prepared({
      parameters: { '/a': { value: 'x', tags: { team: 'new' } } },
      secrets: { 'k/prod': { fromEnv: 'ORDERS_KEY', tags: { team: 'new' } } },
    })
    const result = await applyPlan(plan)
    expect(writes()).toEqual(['TagResource', 'AddTagsToResource'])
    expect(result.applied.map(({ action }) => action)).toEqual(['tag', 'tag'])
  })

  it('writes nothing when a declared entry is missing, and names it', async () => {
    const plan = await prepared({ parameters: { '/a': 'x' }, secrets: { 'legacy/prod': { declared: true } } })
    await expect(applyPlan(plan)).rejects.toThrow(MissingEntriesError)
    await expect(applyPlan(plan)).rejects.toThrow(
      'declared entries are not in AWS, and apply never writes them: secret legacy/prod (stages.prod.secrets["legacy/prod"]: the file declares it, and it does not exist)',
    )
    expect(writes()).toEqual([])
  })

  it('says what was already applied when a write fails half-way, without any of the plan’s secrets', async () => {
    ssmMock.on(PutParameterCommand).rejects(awsError('AccessDeniedException', `not allowed to write ${ENV.DB_PASSWORD}`))
    const plan = await prepared({
      services: { orders: { endpoint: 'https://o.example.com', apiKey: { fromEnv: 'ORDERS_KEY' } } },
      parameters: { '/db/password': { secure: { fromEnv: 'DB_PASSWORD' } } },
    })
    const error = await applyPlan(plan).then(
      () => undefined,
      (reason: unknown) => reason,
    )
    expect(error).toBeInstanceOf(PublishError)
    expect((error as PublishError).message).toBe(
      'ssm:PutParameter on /orders/prod/endpoint failed: AccessDeniedException: not allowed to write **** (already applied: secret orders/prod/api-key (version v-created); applying again completes it)',
    )
  })

  it('says a parameter’s new version was written but not tagged when tagging it fails', async () => {
    ssmMock.on(PutParameterCommand).resolves({ Version: 3 })
    ssmMock.on(AddTagsToResourceCommand).rejects(awsError('AccessDeniedException', 'no ssm:AddTagsToResource'))
    const plan = await prepared({ parameters: { '/a': { value: 'x', tags: { team: 'payments' } } } })
    await expect(applyPlan(plan)).rejects.toThrow(
      'ssm:AddTagsToResource on /a failed: AccessDeniedException: no ssm:AddTagsToResource (already applied: parameter /a (version 3, not tagged); applying again completes it)',
    )
  })

  it('scrubs a SecureString’s value from the error of its own write', async () => {
    ssmMock.on(PutParameterCommand).rejects(awsError('ValidationException', `bad value ${ENV.DB_PASSWORD}`))
    const plan = await prepared({ parameters: { '/db/password': { secure: { fromEnv: 'DB_PASSWORD' } } } })
    await expect(applyPlan(plan)).rejects.toThrow('ssm:PutParameter on /db/password failed: ValidationException: bad value **** (nothing was applied yet)')
  })
})

describe('a binary secret', () => {
  const stage = { secrets: { 'tls/cert': { fromEnv: 'TLS_CERT', binary: true } } }

  it('is created as a SecretBinary of the bytes its base64 gives', async () => {
    await applyPlan(await prepared(stage))
    expect(secretsMock.commandCalls(PutSecretValueCommand)[0]!.args[0].input).toEqual({ SecretId: 'tls/cert', SecretBinary: CERT })
    expect(secretsMock.commandCalls(CreateSecretCommand)[0]!.args[0].input).toEqual({ Name: 'tls/cert', SecretBinary: CERT, Tags: [] })
  })

  it('is unchanged when AWS holds the same bytes', async () => {
    secretsMock.on(DescribeSecretCommand).resolves({ Tags: [] })
    secretsMock.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array(CERT), VersionId: 'v1' })
    const { plan } = await prepared(stage)
    expect(plan.entries).toMatchObject([{ name: 'tls/cert', action: 'unchanged' }])
  })

  it('is updated when AWS holds other bytes, or the same text as a SecretString', async () => {
    secretsMock.on(DescribeSecretCommand).resolves({ Tags: [] })
    secretsMock.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]), VersionId: 'v1' })
    expect((await prepared(stage)).plan.entries).toMatchObject([{ action: 'update' }])
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: ENV.TLS_CERT, VersionId: 'v1' })
    expect((await prepared(stage)).plan.entries).toMatchObject([{ action: 'update' }])
  })
})
