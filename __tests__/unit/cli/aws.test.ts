import { GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersByPathCommand, GetParametersCommand, PutParameterCommand } from '@aws-sdk/client-ssm'
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { awsError } from '../helpers.js'
import { resetAll, secretsMock, ssmMock, stsMock } from '../mocks.js'
import { cli } from './fake-io.js'

const KEY = 'sk_live_4f9a8b7c6d5e'
const REGION = ['--region', 'eu-west-1']
const publish = (...extra: string[]) =>
  cli(['publish', '--service', 'orders', '--stage', 'prod', '--endpoint', 'https://orders.example.com', ...REGION, ...extra], { env: { KEY } })

beforeEach(() => resetAll())

describe('the CLI against AWS', () => {
  it('publishes with PutParameter in the given Region', async () => {
    ssmMock.on(PutParameterCommand).resolves({ Version: 12 })
    const { code, stdout } = await publish()
    expect(code).toBe(0)
    expect(stdout).toContain('endpoint  /orders/prod/endpoint  version 12')
    expect(await ssmMock.call(0).thisValue.config.region()).toBe('eu-west-1')
  })

  it('writes through --role-arn with --external-id', async () => {
    stsMock
      .on(AssumeRoleCommand)
      .resolves({ Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } })
    ssmMock.on(PutParameterCommand).resolves({ Version: 1 })
    const { code } = await publish('--role-arn', 'arn:aws:iam::111111111111:role/registry-publisher', '--external-id', 'ext-12')
    expect(code).toBe(0)
    expect(stsMock.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toMatchObject({
      RoleArn: 'arn:aws:iam::111111111111:role/registry-publisher',
      ExternalId: 'ext-12',
    })
  })

  it('exits 65 for a role ARN that is not one', async () => {
    const { code, stderr } = await publish('--role-arn', 'registry-publisher')
    expect(code).toBe(65)
    expect(stderr).toContain('option "assumeRole.roleArn" must be an IAM role ARN')
  })

  it('exits 1 on an AWS error, with its code in the JSON error', async () => {
    ssmMock.on(PutParameterCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform ssm:PutParameter'))
    const { code, stdout, stderr } = await publish('--json')
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' })
    expect(JSON.parse(stderr)).toEqual({
      error: {
        code: 'AccessDeniedException',
        message: 'ssm:PutParameter on /orders/prod/endpoint failed: AccessDeniedException: not authorized to perform ssm:PutParameter',
        exitCode: 1,
      },
    })
  })

  it('never lets an AWS message that echoes the key reach stderr', async () => {
    secretsMock.on(PutSecretValueCommand).rejects(awsError('ValidationException', `bad value ${KEY}`))
    const { code, stderr } = await publish('--api-key-from-env', 'KEY')
    expect(code).toBe(1)
    expect(stderr).toContain('bad value ****')
    expect(stderr).not.toContain(KEY)
  })

  it('gets the endpoint and the masked key with their versions', async () => {
    ssmMock
      .on(GetParametersCommand)
      .resolves({ Parameters: [{ Name: '/orders/prod/endpoint', Value: 'https://orders.example.com', Version: 4, Type: 'String' }] })
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: KEY, VersionId: 'c0ffee' })
    const { code, json } = await cli(['get', '--service', 'orders', '--stage', 'prod', ...REGION, '--json'])
    expect(code).toBe(0)
    expect(json()).toEqual({
      service: 'orders',
      stage: 'prod',
      source: 'AWS (eu-west-1, account unknown)',
      endpoint: { name: '/orders/prod/endpoint', value: 'https://orders.example.com', version: 4 },
      apiKey: { secretId: 'orders/prod/api-key', value: '****', length: 20, versionId: 'c0ffee' },
    })
  })

  it('lists a stage across every page of GetParametersByPath', async () => {
    ssmMock
      .on(GetParametersByPathCommand, { Path: '/', Recursive: true, WithDecryption: false, NextToken: undefined })
      .resolves({
        Parameters: [
          { Name: '/orders/prod/endpoint', Value: 'https://o.example', Version: 3 },
          { Name: '/orders/prod/timeout', Value: '5' },
        ],
        NextToken: 'page-2',
      })
      .on(GetParametersByPathCommand, { NextToken: 'page-2' })
      .resolves({
        Parameters: [
          { Name: '/billing/prod/endpoint', Value: 'https://b.example', Version: 1 },
          { Name: '/billing/dev/endpoint', Value: 'https://b.dev' },
        ],
      })
    const { code, json } = await cli(['list', '--stage', 'prod', ...REGION, '--json'])
    expect(code).toBe(0)
    expect(json()).toEqual({
      source: 'AWS (eu-west-1, account unknown)',
      stage: 'prod',
      services: [
        { service: 'billing', name: '/billing/prod/endpoint', endpoint: 'https://b.example', version: 1 },
        { service: 'orders', name: '/orders/prod/endpoint', endpoint: 'https://o.example', version: 3 },
      ],
    })
  })
})

describe('every command says where it reads or writes', () => {
  const ROLE = 'arn:aws:iam::222222222222:role/registry-publisher'
  const roleSession = { Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } }

  beforeEach(() => {
    ssmMock.on(PutParameterCommand).resolves({ Version: 12 })
    ssmMock.on(GetParametersByPathCommand).resolves({ Parameters: [{ Name: '/orders/prod/endpoint', Value: 'https://o.example', Version: 3 }] })
  })

  it('names the Region and the account that sts:GetCallerIdentity gives, in text and in JSON', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '111111111111' })
    const { code, stdout } = await publish()
    expect(code).toBe(0)
    expect(stdout.split('\n')[0]).toBe('Published orders (prod) in AWS (eu-west-1, account 111111111111):')
    expect((await publish('--json')).json().source).toBe('AWS (eu-west-1, account 111111111111)')
  })

  it('says the account is unknown when GetCallerIdentity fails, and does its work all the same', async () => {
    stsMock.on(GetCallerIdentityCommand).rejects(awsError('ExpiredTokenException'))
    const { code, stdout } = await publish()
    expect(code).toBe(0)
    expect(stdout).toContain('Published orders (prod) in AWS (eu-west-1, account unknown):')
  })

  it('asks as the role, and names it', async () => {
    stsMock.on(AssumeRoleCommand).resolves(roleSession)
    // The role's session answers for its own account; the pipeline's own credentials, for theirs.
    stsMock.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
      const { accessKeyId } = await getClient().config.credentials()
      return { Account: accessKeyId === 'ASIA1' ? '222222222222' : '111111111111' }
    })
    const { stdout } = await publish('--role-arn', ROLE)
    expect(stdout).toContain(`Published orders (prod) in AWS (eu-west-1, account 222222222222, through ${ROLE}):`)
  })

  it('names the endpoint given with --aws-endpoint-url as not AWS, without asking STS', async () => {
    const { stdout } = await cli(['list', '--stage', 'prod', ...REGION, '--aws-endpoint-url', 'http://127.0.0.1:5000'])
    expect(stdout).toBe('Services of stage prod in http://127.0.0.1:5000 (not AWS, eu-west-1):\n  orders  https://o.example  (version 3)\n')
    expect(stsMock.commandCalls(GetCallerIdentityCommand)).toHaveLength(0)
  })

  it('names an endpoint of AWS’s own as such', async () => {
    const endpoint = 'https://ssm.eu-west-1.amazonaws.com'
    const { stdout } = await cli(['list', '--stage', 'prod', ...REGION, '--aws-endpoint-url', endpoint])
    expect(stdout.split('\n')[0]).toBe(`Services of stage prod in ${endpoint} (an AWS endpoint, eu-west-1):`)
  })
})
