/**
 * Reading a central account's registry through `assumeRole`. moto keeps every account
 * apart, and runs a request signed with a role session in the role's account: values are
 * seeded in account 111111111111 through a role there, and the registry reads them from
 * moto's default account (123456789012), where the same names hold other values.
 */
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager'
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, type FetchMap, type RegistryOptions, secret, ssm } from '../../src/index.js'
import { awsClientOptions, clientsThroughRole, motoClients, RecordingHttpHandler, resetMoto, resolveOnce, withClientOptions } from './helpers.js'

const CENTRAL = '111111111111'
const READER = { roleArn: `arn:aws:iam::${CENTRAL}:role/registry-reader` }

// The same names in both accounts, with values that tell the accounts apart.
const central = {
  endpoint: 'https://orders.central.example',
  irelandEndpoint: 'https://orders.central.eu-west-1.example',
  token: 'central-token',
  db: { user: 'orders', password: 'central-password' },
}
const workload = { endpoint: 'https://orders.workload.example', db: { user: 'orders', password: 'workload-password' } }

let centralDbArn: string

const putParameter = (client: SSMClient, Name: string, Value: string, Type: 'String' | 'SecureString' = 'String') =>
  client.send(new PutParameterCommand({ Name, Value, Type }))

beforeAll(async () => {
  await resetMoto()
  const home = motoClients()
  const inCentral = await clientsThroughRole(READER.roleArn)
  const inCentralIreland = await clientsThroughRole(READER.roleArn, 'eu-west-1')
  await putParameter(inCentral.ssm, '/orders/prod/endpoint', central.endpoint)
  await putParameter(inCentral.ssm, '/orders/prod/token', central.token, 'SecureString')
  await putParameter(inCentralIreland.ssm, '/orders/prod/endpoint', central.irelandEndpoint)
  const db = await inCentral.secretsManager.send(new CreateSecretCommand({ Name: 'db/prod', SecretString: JSON.stringify(central.db) }))
  centralDbArn = db.ARN!
  await putParameter(home.ssm, '/orders/prod/endpoint', workload.endpoint)
  await home.secretsManager.send(new CreateSecretCommand({ Name: 'db/prod', SecretString: JSON.stringify(workload.db) }))
})

beforeEach(() => clearRegistryCache())

/** registry() options whose clients (STS's included) send through `wire`, as a Lambda function's would. */
const sentThrough = (wire: RecordingHttpHandler): Pick<RegistryOptions<FetchMap>, 'awsClientOptions' | 'prefetch' | 'local'> => ({
  awsClientOptions: { ...awsClientOptions(), requestHandler: wire },
  prefetch: false,
  local: false,
})

describe('reading a central account through a registry-wide assumeRole', () => {
  it('reads String and SecureString parameters and a JSON secret of the role account', async () => {
    const values = await resolveOnce({
      ...withClientOptions(),
      assumeRole: READER,
      fetch: { endpoint: ssm('/orders/prod/endpoint'), token: ssm('/orders/prod/token'), db: secret.json<typeof central.db>('db/prod') },
    })
    expect(values).toEqual({ endpoint: central.endpoint, token: central.token, db: central.db })
  })

  it('sees the central values with the role and the function account values without it', async () => {
    const fetch = { endpoint: ssm('/orders/prod/endpoint'), db: secret.json<typeof central.db>('db/prod') }
    const [own, throughRole] = await Promise.all([
      resolveOnce({ ...withClientOptions(), fetch }),
      resolveOnce({ ...withClientOptions(), assumeRole: READER, fetch }),
    ])
    expect({ own, throughRole }).toEqual({
      own: { endpoint: workload.endpoint, db: workload.db },
      throughRole: { endpoint: central.endpoint, db: central.db },
    })
  })

  it('assumes the role once for all its reads, in both services', async () => {
    const wire = new RecordingHttpHandler()
    await resolveOnce({ ...sentThrough(wire), assumeRole: READER, fetch: { endpoint: ssm('/orders/prod/endpoint'), db: secret.json('db/prod') } })
    await resolveOnce({ ...sentThrough(wire), assumeRole: READER, fetch: { token: ssm('/orders/prod/token') } })
    expect(wire.count('AssumeRole')).toBe(1)
    // Every read was signed with the role session, none with the function's own keys.
    const reads = wire.sent.filter((request) => request.service !== 'sts')
    expect(reads.length).toBeGreaterThanOrEqual(3)
    expect(reads.every((request) => request.accessKeyId.startsWith('ASIA'))).toBe(true)
  })
})

describe('a role per reference', () => {
  it('reads the same names from both accounts in one map', async () => {
    const values = await resolveOnce({
      ...withClientOptions(),
      fetch: {
        ownEndpoint: ssm('/orders/prod/endpoint'),
        centralEndpoint: ssm('/orders/prod/endpoint', { assumeRole: READER }),
        ownDb: secret.json<typeof central.db>('db/prod'),
        centralDb: secret.json<typeof central.db>('db/prod', { assumeRole: READER }),
      },
    })
    expect(values).toEqual({ ownEndpoint: workload.endpoint, centralEndpoint: central.endpoint, ownDb: workload.db, centralDb: central.db })
  })
})

describe('central references by ARN', () => {
  it('reads a parameter of the central account by its full ARN', async () => {
    const values = await resolveOnce({
      ...withClientOptions(),
      assumeRole: READER,
      fetch: { endpoint: ssm(`arn:aws:ssm:us-east-1:${CENTRAL}:parameter/orders/prod/endpoint`) },
    })
    expect(values).toEqual({ endpoint: central.endpoint })
  })

  it('reads a secret of the central account by the ARN it was created with', async () => {
    expect(centralDbArn).toContain(`:${CENTRAL}:secret:db/prod`)
    const values = await resolveOnce({ ...withClientOptions(), fetch: { db: secret.json(centralDbArn, { assumeRole: READER }) } })
    expect(values).toEqual({ db: central.db })
  })

  it('sends an ARN of another Region there, with a session from the registry Region STS', async () => {
    const wire = new RecordingHttpHandler()
    const values = await resolveOnce({
      ...sentThrough(wire),
      assumeRole: READER,
      fetch: { home: ssm('/orders/prod/endpoint'), ireland: ssm(`arn:aws:ssm:eu-west-1:${CENTRAL}:parameter/orders/prod/endpoint`) },
    })
    expect(values).toEqual({ home: central.endpoint, ireland: central.irelandEndpoint })
    const where = wire.sent.map(({ service, region, operation }) => `${service}:${region}:${operation}`).sort()
    expect(where).toEqual(['ssm:eu-west-1:GetParameters', 'ssm:us-east-1:GetParameters', 'sts:us-east-1:AssumeRole'])
  })
})
