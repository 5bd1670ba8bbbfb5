import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, secret, ssm } from '../../src/index.js'
import { awsClientOptions, motoClients, resetMoto, resolveOnce, withClientOptions, withClients } from './helpers.js'

// moto's default account.
const ACCOUNT = '123456789012'
const clients = motoClients()
// moto keeps each Region apart, as AWS does: a value put in eu-west-1 is not in us-east-1.
const ireland = {
  ssm: new SSMClient({ ...awsClientOptions(), region: 'eu-west-1' }),
  secretsManager: new SecretsManagerClient({ ...awsClientOptions(), region: 'eu-west-1' }),
}
let secretArns: { local: string; ireland: string }

beforeAll(async () => {
  await resetMoto()
  await clients.ssm.send(new PutParameterCommand({ Name: '/shared/endpoint', Value: 'https://us-east-1.example', Type: 'String' }))
  await ireland.ssm.send(new PutParameterCommand({ Name: '/shared/endpoint', Value: 'https://eu-west-1.example', Type: 'String' }))
  const local = await clients.secretsManager.send(new CreateSecretCommand({ Name: 'shared/key', SecretString: 'key-us' }))
  const remote = await ireland.secretsManager.send(new CreateSecretCommand({ Name: 'shared/key', SecretString: 'key-eu' }))
  secretArns = { local: local.ARN!, ireland: remote.ARN! }
})

beforeEach(() => {
  clearRegistryCache()
  clients.requests.reset()
})

describe('references by ARN', () => {
  it('reads a parameter by ARN next to the same name in the default Region', async () => {
    const values = await resolveOnce({
      ...withClients(clients),
      fetch: { byName: ssm('/shared/endpoint'), byArn: ssm(`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/shared/endpoint`) },
    })
    expect(values).toEqual({ byName: 'https://us-east-1.example', byArn: 'https://us-east-1.example' })
  })

  it('sends a parameter ARN of another Region to that Region', async () => {
    const values = await resolveOnce({
      ...withClientOptions(),
      fetch: { home: ssm('/shared/endpoint'), ireland: ssm(`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/shared/endpoint`) },
    })
    expect(values).toEqual({ home: 'https://us-east-1.example', ireland: 'https://eu-west-1.example' })
  })

  it('reads secrets by full ARN and by name in one batch', async () => {
    const values = await resolveOnce({
      ...withClients(clients),
      fetch: { byName: secret('shared/key'), byArn: secret(secretArns.local) },
    })
    expect(values).toEqual({ byName: 'key-us', byArn: 'key-us' })
    expect(clients.requests.all()).toEqual({ BatchGetSecretValue: 1 })
  })

  it('sends a secret ARN of another Region to that Region', async () => {
    const values = await resolveOnce({ ...withClientOptions(), fetch: { home: secret('shared/key'), ireland: secret(secretArns.ireland) } })
    expect(values).toEqual({ home: 'key-us', ireland: 'key-eu' })
  })
})
