import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, type Reference, secret } from '../../src/index.js'
import { handlerWith, motoClients, registryErrorOf, resetMoto, resolveOnce, withClientOptions, withClients } from './helpers.js'

const clients = motoClients()
const CERT = Uint8Array.from([0x30, 0x82, 0x00, 0xff, 0x10, 0x7f, 0x80, 0x01])
const DB = { user: 'orders', password: 'pw-1', port: 5432 }

const create = (Name: string, value: string | Uint8Array) =>
  clients.secretsManager.send(new CreateSecretCommand(typeof value === 'string' ? { Name, SecretString: value } : { Name, SecretBinary: value }))

const many = Array.from({ length: 25 }, (_, index) => `partners/prod/key-${String(index).padStart(2, '0')}`)

beforeAll(async () => {
  await resetMoto()
  await create('orders/prod/api-key', 'ak-51f0e2')
  await create('tls/cert', CERT)
  await create('db/prod', JSON.stringify(DB))
  for (const id of many) await create(id, `value-of-${id}`)
})

beforeEach(() => {
  clearRegistryCache()
  clients.requests.reset()
})

describe('Secrets Manager values', () => {
  it('resolves a string, a binary and a JSON secret, masked on the context', async () => {
    const seen = await handlerWith({
      ...withClients(clients),
      fetch: { apiKey: secret('orders/prod/api-key'), cert: secret.binary('tls/cert'), db: secret.json('db/prod') },
    })()
    expect(seen.values.apiKey).toBe('ak-51f0e2')
    expect(Uint8Array.from(seen.values.cert as Uint8Array)).toEqual(CERT)
    expect(seen.values.db).toEqual(DB)
    expect(seen.enumerableKeys).toEqual([])
  })

  it('resolves a lone secret through clients made from awsClientOptions', async () => {
    const values = await resolveOnce({ ...withClientOptions(), fetch: { cert: secret.binary('tls/cert') } })
    expect(Uint8Array.from(values.cert as Uint8Array)).toEqual(CERT)
  })

  it('fetches 25 secrets in 2 BatchGetSecretValue requests', async () => {
    const fetch = Object.fromEntries(many.map((id, index) => [`key${index}`, secret(id)])) as Record<string, Reference<string>>
    const values = await resolveOnce({ ...withClients(clients), fetch })
    expect(values).toEqual(Object.fromEntries(many.map((id, index) => [`key${index}`, `value-of-${id}`])))
    expect(clients.requests.all()).toEqual({ BatchGetSecretValue: 2 })
  })
})

describe('Secrets Manager versions', () => {
  it('reads AWSPREVIOUS and a pinned versionId after PutSecretValue', async () => {
    await create('rotating/prod', 'first')
    const { VersionId } = await clients.secretsManager.send(new PutSecretValueCommand({ SecretId: 'rotating/prod', SecretString: 'second' }))
    const values = await resolveOnce({
      ...withClients(clients),
      fetch: {
        current: secret('rotating/prod'),
        previous: secret('rotating/prod', { versionStage: 'AWSPREVIOUS' }),
        pinned: secret('rotating/prod', { versionId: VersionId! }),
      },
    })
    expect(values).toEqual({ current: 'second', previous: 'first', pinned: 'second' })
  })
})

describe('missing secrets', () => {
  it('names a missing lone secret with ResourceNotFoundException', async () => {
    const error = await registryErrorOf(resolveOnce({ ...withClients(clients), fetch: { gone: secret('orders/prod/retired') } }))
    expect(error.failures).toEqual([
      expect.objectContaining({ key: 'gone', source: 'secretsmanager', id: 'orders/prod/retired', code: 'ResourceNotFoundException' }),
    ])
    expect(clients.requests.all()).toEqual({ GetSecretValue: 1 })
  })

  it('names only the missing secret of a batch', async () => {
    const error = await registryErrorOf(
      resolveOnce({
        ...withClients(clients),
        fetch: { apiKey: secret('orders/prod/api-key'), gone: secret('orders/prod/retired'), db: secret.json('db/prod') },
      }),
    )
    expect(error.failures.map(({ key, code }) => ({ key, code }))).toEqual([{ key: 'gone', code: 'ResourceNotFoundException' }])
    expect(clients.requests.all()).toEqual({ BatchGetSecretValue: 1 })
  })

  it('never puts a secret value in the error', async () => {
    const error = await registryErrorOf(
      resolveOnce({ ...withClients(clients), fetch: { apiKey: secret('orders/prod/api-key'), gone: secret('orders/prod/retired') } }),
    )
    expect(JSON.stringify({ message: error.message, failures: error.failures })).not.toContain('ak-51f0e2')
  })
})
