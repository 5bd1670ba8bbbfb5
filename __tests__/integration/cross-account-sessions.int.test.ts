/**
 * The role session behind `assumeRole`, against moto's STS: renewed before it expires while
 * reads go on, and a refused AssumeRole reported as the role's failure.
 */
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { PutParameterCommand } from '@aws-sdk/client-ssm'
import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { clearRegistryCache, secret, ssm } from '../../src/index.js'
import { awsClientOptions, clientsThroughRole, handlerWith, motoEndpoint, RecordingHttpHandler, registryErrorOf, resetMoto } from './helpers.js'

const MINUTE = 60_000
const CENTRAL = '111111111111'
const READER = `arn:aws:iam::${CENTRAL}:role/registry-reader`
const ADMIN = `arn:aws:iam::${CENTRAL}:role/registry-admin`
const ENDPOINT = 'https://orders.central.example'

beforeAll(async () => {
  await resetMoto()
  const inCentral = await clientsThroughRole(READER)
  await inCentral.ssm.send(new PutParameterCommand({ Name: '/orders/prod/endpoint', Value: ENDPOINT, Type: 'String' }))
})

beforeEach(() => clearRegistryCache())
afterEach(() => {
  jest.restoreAllMocks()
})

/**
 * Moves Date.now (what the role session's renewal is judged by) forward. moto stamps each
 * session's Expiration with its own, real clock, so every session it issues, new ones
 * included, looks older by the same amount.
 */
function controlledClock() {
  const realNow = Date.now.bind(Date)
  let ahead = 0
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + ahead)
  return { advance: (ms: number) => void (ahead += ms) }
}

describe('renewing the role session', () => {
  it('renews a 15-minute session in the background once less than 10 minutes remain, and reads keep working', async () => {
    const wire = new RecordingHttpHandler()
    const invoke = handlerWith({
      awsClientOptions: { ...awsClientOptions(), requestHandler: wire },
      assumeRole: { roleArn: READER, durationSeconds: 900 },
      // Read on every invocation, so each one needs the session.
      fetch: { endpoint: ssm('/orders/prod/endpoint', { cacheExpiry: 0 }) },
      prefetch: false,
      local: false,
    })
    const clock = controlledClock()
    const readsSince = (from: number) => wire.sent.slice(from).filter((request) => request.operation === 'GetParameters')

    expect((await invoke()).values.endpoint).toBe(ENDPOINT)
    expect((await invoke()).values.endpoint).toBe(ENDPOINT)
    expect(wire.count('AssumeRole')).toBe(1)
    const firstKey = readsSince(0)[0]!.accessKeyId

    clock.advance(6 * MINUTE) // 9 minutes left
    let from = wire.sent.length
    expect((await invoke()).values.endpoint).toBe(ENDPOINT)
    await wire.idle()
    expect(wire.count('AssumeRole')).toBe(2)
    // The read did not wait for the new session: it was signed with the one still valid.
    expect(readsSince(from).map((request) => request.accessKeyId)).toEqual([firstKey])

    clock.advance(8.5 * MINUTE) // 30 seconds left
    from = wire.sent.length
    expect((await invoke()).values.endpoint).toBe(ENDPOINT)
    // Now the read waited: a new session came first, and signed it. (Sessions moto issues now
    // look 30 seconds from expiry too, so more than one may be asked for: no exact count.)
    const operations = wire.sent.slice(from).map((request) => request.operation)
    expect(operations.indexOf('AssumeRole')).toBeGreaterThanOrEqual(0)
    expect(operations.indexOf('AssumeRole')).toBeLessThan(operations.indexOf('GetParameters'))
    expect(readsSince(from)[0]!.accessKeyId).not.toBe(firstKey)
    await wire.idle()
  })
})

/**
 * moto refuses requests only with its IAM enforcement on (server-wide, switched at run time
 * through /moto-api/reset-auth), and then checks the caller's own policies. It checks a
 * role's trust policy only for a role in the caller's account, so a cross-account refusal
 * is modelled by a caller whose policy allows assuming another role.
 */
async function enforceIam(count: string): Promise<string> {
  const response = await fetch(`${motoEndpoint()}/moto-api/reset-auth`, { method: 'POST', body: count })
  if (!response.ok) throw new Error(`switching moto's IAM enforcement failed: HTTP ${response.status}`)
  return ((await response.json()) as { PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT: string }).PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT
}

/** An IAM user of the default account that may assume only `roleArn`: the function's role, in effect. */
async function functionAllowedToAssume(roleArn: string) {
  const iam = new IAMClient(awsClientOptions())
  const UserName = 'orders-function'
  await iam.send(new CreateUserCommand({ UserName }))
  const PolicyDocument = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }] })
  await iam.send(new PutUserPolicyCommand({ UserName, PolicyName: 'assume-registry-reader', PolicyDocument }))
  const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName }))
  return { accessKeyId: key!.AccessKeyId!, secretAccessKey: key!.SecretAccessKey! }
}

describe('a refused AssumeRole', () => {
  it('fails the invocation with a RegistryError naming the role and STS code for every key', async () => {
    const credentials = await functionAllowedToAssume(READER)
    const invoke = handlerWith({
      awsClientOptions: { ...awsClientOptions(), credentials },
      assumeRole: { roleArn: ADMIN },
      fetch: { endpoint: ssm('/orders/prod/endpoint'), db: secret.json('db/prod') },
      prefetch: false,
      local: false,
    })
    const previous = await enforceIam('0')
    let error: Awaited<ReturnType<typeof registryErrorOf>>
    try {
      error = await registryErrorOf(invoke())
    } finally {
      await enforceIam(previous)
    }
    expect(error.message).toContain(`db (secretsmanager db/prod via ${ADMIN}: AccessDenied)`)
    expect(error.failures.map(({ key, code, role }) => ({ key, code, role })).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'db', code: 'AccessDenied', role: ADMIN },
      { key: 'endpoint', code: 'AccessDenied', role: ADMIN },
    ])
    for (const failure of error.failures) expect(failure.message).toMatch(new RegExp(`^sts:AssumeRole on ${ADMIN} failed: `))
  })
})
