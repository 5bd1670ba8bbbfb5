import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { registry, secret, ssm } from '../../../src/index.js'
import { awsError, getParametersFrom, invoke, invokeFailing, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, secretsMock, ssmMock, stsMock } from '../mocks.js'

const ROLE = 'arn:aws:iam::111111111111:role/registry-reader'
const OTHER_ROLE = 'arn:aws:iam::222222222222:role/registry-reader'
const MINUTE = 60_000

/** STS answers with credentials named after the call, valid for `lifetime` ms. */
function serveRoles(lifetime = 60 * MINUTE) {
  let issued = 0
  stsMock.on(AssumeRoleCommand).callsFake(async () => {
    issued++
    return {
      Credentials: {
        AccessKeyId: `ASIA${issued}`,
        SecretAccessKey: `secret-${issued}`,
        SessionToken: `token-${issued}`,
        Expiration: new Date(Date.now() + lifetime),
      },
    }
  })
}

/** The access key the SSM client signed its n-th request with. */
async function accessKeyOfCall(index: number): Promise<string> {
  const config = (ssmMock.call(index).thisValue as unknown as { config: { credentials: () => Promise<{ accessKeyId: string }> } }).config
  return (await config.credentials()).accessKeyId
}

describe('reading the registry through a role (cross-account)', () => {
  beforeEach(() => {
    resetAll()
    serveRoles()
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/orders/endpoint': { Value: 'https://orders.example.com' } }))
    secretsMock.on(GetSecretValueCommand).resolves({ Name: 'orders/api-key', SecretString: 'k' })
  })

  it('assumes the role with the given options and signs reads with its credentials', async () => {
    const orders = registry({
      fetch: { url: ssm('/orders/endpoint') },
      assumeRole: { roleArn: ROLE, externalId: 'orders-ext-1', sessionName: 'orders-client', durationSeconds: 900 },
      ...testOptions(),
    })
    expect((await invoke(orders)).url).toBe('https://orders.example.com')
    expect(stsMock.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input)).toEqual([
      { RoleArn: ROLE, ExternalId: 'orders-ext-1', RoleSessionName: 'orders-client', DurationSeconds: 900 },
    ])
    expect(await accessKeyOfCall(0)).toBe('ASIA1')
  })

  it('names the session after the function by default, with a one-hour session', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders-client'
    try {
      await invoke(registry({ fetch: { url: ssm('/orders/endpoint') }, assumeRole: { roleArn: ROLE }, ...testOptions() }))
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME
    }
    expect(stsMock.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toMatchObject({ RoleSessionName: 'orders-client', DurationSeconds: 3600 })
  })

  it('assumes a role once for every registry and service that use it', async () => {
    const role = { roleArn: ROLE }
    await invoke(registry({ fetch: { url: ssm('/orders/endpoint'), key: secret('orders/api-key') }, assumeRole: role, ...testOptions() }))
    await invoke(registry({ fetch: { alsoUrl: ssm('/orders/endpoint', { cacheExpiry: 0 }) }, assumeRole: { roleArn: ROLE }, ...testOptions() }))
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1)
  })

  it('lets a reference use its own role, and keeps the two reads apart in the cache', async () => {
    const both = registry({
      fetch: { central: ssm('/orders/endpoint'), other: ssm('/orders/endpoint', { assumeRole: { roleArn: OTHER_ROLE } }) },
      assumeRole: { roleArn: ROLE },
      ...testOptions(),
    })
    await invoke(both)
    expect(
      stsMock
        .commandCalls(AssumeRoleCommand)
        .map((call) => call.args[0].input.RoleArn)
        .sort(),
    ).toEqual([ROLE, OTHER_ROLE])
    expect(getParametersCalls()).toBe(2)
  })

  it('keeps a read through a role apart from the same read without one', async () => {
    await invoke(registry({ fetch: { url: ssm('/orders/endpoint') }, ...testOptions() }))
    await invoke(registry({ fetch: { url: ssm('/orders/endpoint') }, assumeRole: { roleArn: ROLE }, ...testOptions() }))
    expect(getParametersCalls()).toBe(2)
  })

  it('prefetches through the role during init', async () => {
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, assumeRole: { roleArn: ROLE }, awsClientOptions: { region: 'eu-west-1' } })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1)
    expect(getParametersCalls()).toBe(1)
    await invoke(orders)
    expect(getParametersCalls()).toBe(1)
  })

  it('uses its own role-signed client even when a client was supplied', async () => {
    const supplied = { send: jest.fn(async () => ({ Parameters: [], InvalidParameters: [] })) }
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, assumeRole: { roleArn: ROLE }, ...testOptions(), clients: { ssm: supplied } })
    expect((await invoke(orders)).url).toBe('https://orders.example.com')
    expect(supplied.send).not.toHaveBeenCalled()
  })
})

describe('role failures name the role', () => {
  beforeEach(() => resetAll())

  it('reports AccessDenied on sts:AssumeRole for the keys read through the role', async () => {
    stsMock
      .on(AssumeRoleCommand)
      .rejects(awsError('AccessDenied', `User: arn:aws:sts::123456789012:assumed-role/fn/fn is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`))
    const error = await invokeFailing(registry({ fetch: { db: secret('db/prod') }, assumeRole: { roleArn: ROLE }, ...testOptions() }))
    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'db',
        source: 'secretsmanager',
        id: 'db/prod',
        code: 'AccessDenied',
        role: ROLE,
        message: expect.stringMatching(/^sts:AssumeRole on arn:aws:iam::111111111111:role\/registry-reader failed: /),
      }),
    ])
    expect(error.message).toBe(`1 registry value could not be resolved: db (secretsmanager db/prod via ${ROLE}: AccessDenied)`)
  })

  it('tells a denied read through the role apart from a denied role', async () => {
    serveRoles()
    secretsMock.on(GetSecretValueCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: secretsmanager:GetSecretValue'))
    const error = await invokeFailing(registry({ fetch: { db: secret('db/prod') }, assumeRole: { roleArn: ROLE }, ...testOptions() }))
    expect(error.failures[0]).toMatchObject({ code: 'AccessDeniedException', role: ROLE })
    expect(error.failures[0]!.message).not.toMatch(/sts:AssumeRole/)
  })
})

describe('role credentials are renewed before they expire', () => {
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    serveRoles(60 * MINUTE)
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/orders/endpoint': { Value: 'https://orders.example.com' } }))
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('renews in the background and keeps signing with the current credentials meanwhile', async () => {
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: 0, assumeRole: { roleArn: ROLE }, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(Date.now() + 52 * MINUTE) // 8 minutes left: renew, but do not wait
    await invoke(orders)
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(2)
    expect(await accessKeyOfCall(1)).toBe('ASIA2')
  })

  it('never signs with expired credentials: with under a minute left, it waits for new ones', async () => {
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: 0, assumeRole: { roleArn: ROLE }, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(Date.now() + 59.5 * MINUTE)
    await invoke(orders)
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(2)
  })
})

describe('assumeRole is validated when it is declared', () => {
  const anyRegistry = registry as (options: unknown) => unknown

  it.each([
    ['a missing roleArn', {}, /"assumeRole\.roleArn" must be an IAM role ARN/],
    ['a user ARN', { roleArn: 'arn:aws:iam::111111111111:user/bob' }, /"assumeRole\.roleArn" must be an IAM role ARN/],
    ['an unknown field', { roleArn: ROLE, role: 'x' }, /"assumeRole" has an unknown field "role"/],
    ['a session over one hour', { roleArn: ROLE, durationSeconds: 7200 }, /"assumeRole\.durationSeconds" must be a whole number from 900 to 3600/],
    ['a bad session name', { roleArn: ROLE, sessionName: 'has space' }, /"assumeRole\.sessionName" must be 2-64 characters/],
  ])('rejects %s', (_label, assumeRole, problem) => {
    expect(() => anyRegistry({ fetch: { url: ssm('/a') }, assumeRole })).toThrow(problem)
    expect(() => ssm('/a', { assumeRole } as never)).toThrow(problem)
  })
})
