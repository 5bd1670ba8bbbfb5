import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, type Reference, registry, secret } from '../../src/index.js'
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

describe('revalidating an expired secret by its version', () => {
  /** A handler whose entries are expired at every invocation (cacheExpiry 0): each one asks Secrets Manager again before it runs. */
  const expiringHandler = (fetch: Record<string, Reference<string>>) => handlerWith({ ...withClients(clients), cacheExpiry: 0, fetch })
  const put = (SecretId: string, SecretString: string) => clients.secretsManager.send(new PutSecretValueCommand({ SecretId, SecretString }))

  it('asks DescribeSecret only, while the version staged AWSCURRENT has not moved', async () => {
    await create('revalidated/unchanged', 'unchanged-1')
    const handler = expiringHandler({ key: secret('revalidated/unchanged') })
    await handler()
    clients.requests.reset()

    expect((await handler()).values.key).toBe('unchanged-1')
    expect((await handler()).values.key).toBe('unchanged-1')

    expect(clients.requests.all()).toEqual({ DescribeSecret: 2 })
  })

  it('reads the new value once PutSecretValue moved AWSCURRENT, then revalidates that one', async () => {
    await create('revalidated/changing', 'changing-1')
    const handler = expiringHandler({ key: secret('revalidated/changing') })
    await handler()
    await put('revalidated/changing', 'changing-2')
    clients.requests.reset()

    expect((await handler()).values.key).toBe('changing-2')
    expect(clients.requests.all()).toEqual({ DescribeSecret: 1, GetSecretValue: 1 })
    clients.requests.reset()
    expect((await handler()).values.key).toBe('changing-2')
    expect(clients.requests.all()).toEqual({ DescribeSecret: 1 })
  })

  it('asks about each of several secrets, and reads the ones that moved in one BatchGetSecretValue', async () => {
    const ids = ['revalidated/many-a', 'revalidated/many-b', 'revalidated/many-c']
    for (const id of ids) await create(id, `${id} 1`)
    const handler = expiringHandler(Object.fromEntries(ids.map((id, index) => [`key${index}`, secret(id)])))
    await handler()
    await put(ids[0]!, `${ids[0]} 2`)
    await put(ids[2]!, `${ids[2]} 2`)
    clients.requests.reset()

    expect((await handler()).values).toEqual({ key0: `${ids[0]} 2`, key1: `${ids[1]} 1`, key2: `${ids[2]} 2` })
    expect(clients.requests.all()).toEqual({ DescribeSecret: 3, BatchGetSecretValue: 1 })
  })

  it('counts a revalidation apart from a refresh in stats()', async () => {
    await create('revalidated/counted', 'counted-1')
    const middleware = registry({ ...withClients(clients), fetch: { key: secret('revalidated/counted') } })

    await middleware.refresh('key')
    await middleware.refresh('key')
    await put('revalidated/counted', 'counted-2')
    const refreshed = await middleware.refresh('key')

    expect(refreshed.key).toBe('counted-2')
    expect(middleware.stats()).toMatchObject({ refreshes: 2, revalidations: 1, errors: 0 })
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
