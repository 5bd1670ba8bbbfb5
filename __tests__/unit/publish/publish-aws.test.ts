import { CreateSecretCommand, PutSecretValueCommand, TagResourceCommand } from '@aws-sdk/client-secrets-manager'
import { AddTagsToResourceCommand, PutParameterCommand } from '@aws-sdk/client-ssm'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { PublishError, type PublishServiceOptions, publishService } from '../../../src/write/publish/index.js'
import { awsError } from '../helpers.js'
import { resetAll, secretsMock, ssmMock, stsMock } from '../mocks.js'

const KEY = 'sk_live_4f9a8b7c6d5e'
const orders: PublishServiceOptions = { service: 'orders', stage: 'prod', endpoint: 'https://orders.example.com', awsClientOptions: { region: 'eu-west-1' } }

/** The order in which commands reached either service, by name. */
const sent = () =>
  [...ssmMock.calls(), ...secretsMock.calls()].sort((a, b) => (a.calledBefore(b) ? -1 : 1)).map((call) => call.args[0].constructor.name.replace(/Command$/, ''))

async function failureOf(publishing: Promise<unknown>): Promise<PublishError> {
  const error = await publishing.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof PublishError)) throw new Error(`expected a PublishError, got ${String(error)}`)
  return error
}

describe('publishService() writes the endpoint to SSM', () => {
  beforeEach(() => {
    resetAll()
    ssmMock.on(PutParameterCommand).resolves({ Version: 7, Tier: 'Standard' })
    ssmMock.on(AddTagsToResourceCommand).resolves({})
  })

  it('overwrites a String parameter at the convention’s name and reports its new version', async () => {
    const result = await publishService(orders)
    expect(ssmMock.commandCalls(PutParameterCommand).map((call) => call.args[0].input)).toEqual([
      { Name: '/orders/prod/endpoint', Value: 'https://orders.example.com', Type: 'String', Overwrite: true },
    ])
    expect(result).toEqual({ service: 'orders', stage: 'prod', target: 'aws', endpoint: { name: '/orders/prod/endpoint', version: 7 } })
  })

  it('tags the parameter with AddTagsToResource, since PutParameter takes no Tags with Overwrite', async () => {
    await publishService({ ...orders, tags: { team: 'payments', commit: 'a1b2c3' } })
    expect(ssmMock.commandCalls(AddTagsToResourceCommand)[0]!.args[0].input).toEqual({
      ResourceType: 'Parameter',
      ResourceId: '/orders/prod/endpoint',
      Tags: [
        { Key: 'team', Value: 'payments' },
        { Key: 'commit', Value: 'a1b2c3' },
      ],
    })
  })

  it('sends no tagging request without tags', async () => {
    await publishService(orders)
    expect(sent()).toEqual(['PutParameter'])
  })

  it('writes where a custom convention says', async () => {
    await publishService({ ...orders, convention: { endpoint: '/registry/{stage}/{service}/url' } })
    expect(ssmMock.commandCalls(PutParameterCommand)[0]!.args[0].input.Name).toBe('/registry/prod/orders/url')
  })
})

describe('publishService() writes the API key to Secrets Manager', () => {
  beforeEach(() => {
    resetAll()
    ssmMock.on(PutParameterCommand).resolves({ Version: 2 })
    ssmMock.on(AddTagsToResourceCommand).resolves({})
    secretsMock.on(TagResourceCommand).resolves({})
  })

  it('puts a new version of an existing secret, before the endpoint is written', async () => {
    secretsMock.on(PutSecretValueCommand).resolves({ VersionId: 'v-2', VersionStages: ['AWSCURRENT'] })
    const result = await publishService({ ...orders, apiKey: KEY })
    expect(secretsMock.commandCalls(PutSecretValueCommand)[0]!.args[0].input).toEqual({ SecretId: 'orders/prod/api-key', SecretString: KEY })
    expect(result.apiKey).toEqual({ secretId: 'orders/prod/api-key', versionId: 'v-2', created: false })
    expect(sent()).toEqual(['PutSecretValue', 'PutParameter'])
  })

  it('creates the secret, with its tags, when it does not exist yet', async () => {
    secretsMock.on(PutSecretValueCommand).rejects(awsError('ResourceNotFoundException'))
    secretsMock.on(CreateSecretCommand).resolves({ VersionId: 'v-1' })
    const result = await publishService({ ...orders, apiKey: KEY, tags: { team: 'payments' } })
    expect(secretsMock.commandCalls(CreateSecretCommand)[0]!.args[0].input).toEqual({
      Name: 'orders/prod/api-key',
      SecretString: KEY,
      Tags: [{ Key: 'team', Value: 'payments' }],
    })
    expect(result.apiKey).toEqual({ secretId: 'orders/prod/api-key', versionId: 'v-1', created: true })
  })

  it('tags an existing secret with TagResource', async () => {
    secretsMock.on(PutSecretValueCommand).resolves({ VersionId: 'v-3' })
    await publishService({ ...orders, apiKey: KEY, tags: { team: 'payments' } })
    expect(secretsMock.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({
      SecretId: 'orders/prod/api-key',
      Tags: [{ Key: 'team', Value: 'payments' }],
    })
  })

  it('updates after all when another publisher created the secret in between', async () => {
    secretsMock.on(PutSecretValueCommand).rejectsOnce(awsError('ResourceNotFoundException')).resolves({ VersionId: 'v-9' })
    secretsMock.on(CreateSecretCommand).rejects(awsError('ResourceExistsException'))
    const result = await publishService({ ...orders, apiKey: KEY })
    expect(result.apiKey).toEqual({ secretId: 'orders/prod/api-key', versionId: 'v-9', created: false })
    expect(sent()).toEqual(['PutSecretValue', 'CreateSecret', 'PutSecretValue', 'PutParameter'])
  })
})

describe('publishService() failures name the operation and never the key', () => {
  beforeEach(() => resetAll())

  it('names the operation, the entry and AWS’s code', async () => {
    ssmMock.on(PutParameterCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform ssm:PutParameter'))
    const error = await failureOf(publishService(orders))
    expect(error).toMatchObject({ code: 'AccessDeniedException', operation: 'ssm:PutParameter on /orders/prod/endpoint' })
    expect(error.message).toBe('ssm:PutParameter on /orders/prod/endpoint failed: AccessDeniedException: User is not authorized to perform ssm:PutParameter')
  })

  it('scrubs the key from an AWS message that echoes it, and keeps no cause that could hold it', async () => {
    secretsMock.on(PutSecretValueCommand).rejects(awsError('ValidationException', `value ${KEY} is not accepted`))
    const error = await failureOf(publishService({ ...orders, apiKey: KEY }))
    expect(error.message).toBe('secretsmanager:PutSecretValue on orders/prod/api-key failed: ValidationException: value **** is not accepted')
    expect(error.cause).toBeUndefined()
    expect(JSON.stringify(error)).not.toContain(KEY)
  })

  it('says the key was already written when the endpoint then fails', async () => {
    secretsMock.on(PutSecretValueCommand).resolves({ VersionId: 'v-4' })
    ssmMock.on(PutParameterCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'))
    const error = await failureOf(publishService({ ...orders, apiKey: KEY }))
    expect(error.message).toBe(
      'ssm:PutParameter on /orders/prod/endpoint failed: ThrottlingException: Rate exceeded (the API key was written as version v-4; publishing again completes it)',
    )
  })

  it('says the endpoint was written when tagging it then fails', async () => {
    ssmMock.on(PutParameterCommand).resolves({ Version: 5 })
    ssmMock.on(AddTagsToResourceCommand).rejects(awsError('AccessDeniedException', 'no ssm:AddTagsToResource'))
    const error = await failureOf(publishService({ ...orders, tags: { team: 'payments' } }))
    expect(error.message).toContain('(the endpoint was written as version 5 but not tagged; publishing again completes it)')
  })

  it('lists every step already written when a later one fails', async () => {
    secretsMock.on(PutSecretValueCommand).resolves({ VersionId: 'v-6' })
    secretsMock.on(TagResourceCommand).resolves({})
    ssmMock.on(PutParameterCommand).resolves({ Version: 8 })
    ssmMock.on(AddTagsToResourceCommand).rejects(awsError('TooManyTagsError', 'too many tags'))
    const error = await failureOf(publishService({ ...orders, apiKey: KEY, tags: { team: 'payments' } }))
    expect(error.message).toBe(
      'ssm:AddTagsToResource on /orders/prod/endpoint failed: TooManyTagsError: too many tags (the API key was written as version v-6, and the endpoint was written as version 8 but not tagged; publishing again completes it)',
    )
  })
})

describe('publishService() through a role', () => {
  beforeEach(() => {
    resetAll()
    stsMock.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIAPUBLISHER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) },
    })
    ssmMock.on(PutParameterCommand).resolves({ Version: 1 })
  })

  it('assumes the role and signs the writes with its credentials', async () => {
    await publishService({ ...orders, assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/registry-publisher', externalId: 'ext-12' } })
    expect(stsMock.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toMatchObject({
      RoleArn: 'arn:aws:iam::111111111111:role/registry-publisher',
      ExternalId: 'ext-12',
    })
    const client = ssmMock.commandCalls(PutParameterCommand)[0]!.thisValue as unknown as { config: { credentials: () => Promise<{ accessKeyId: string }> } }
    expect((await client.config.credentials()).accessKeyId).toBe('ASIAPUBLISHER')
  })

  it('reports a refused AssumeRole as the role’s failure, before any write', async () => {
    stsMock.on(AssumeRoleCommand).rejects(awsError('AccessDenied', 'not authorized to perform sts:AssumeRole'))
    const error = await failureOf(publishService({ ...orders, assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/registry-publisher' } }))
    expect(error.message).toBe(
      'sts:AssumeRole on arn:aws:iam::111111111111:role/registry-publisher failed: AccessDenied: not authorized to perform sts:AssumeRole',
    )
    expect(ssmMock.calls()).toHaveLength(0)
  })
})
