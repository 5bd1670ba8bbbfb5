/**
 * The discovery loop against moto: a service publishes itself with publishService(), and
 * a caller's handler finds it through service(), including a new endpoint published while
 * the caller's function is warm.
 */
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ssm'
import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { clearRegistryCache, type FetchMap, type RegistryOptions, service } from '../../src/index.js'
import { publishService } from '../../src/write/publish/index.js'
import { awsClientOptions, clientsThroughRole, handlerWith, motoClients, RecordingHttpHandler, resetMoto, resolveOnce, withClientOptions } from './helpers.js'

const { ssm, secretsManager } = motoClients()
const MINUTE = 60_000

/** publishService() against moto, for the stage `prod`. */
/** A service's value with its API key, which is non-enumerable on the context (masked). */
const revealed = (value: unknown) => {
  const { endpoint, apiKey } = value as { endpoint: string; apiKey?: string }
  return { endpoint, apiKey }
}

const publish = (name: string, endpoint: string, extra: { apiKey?: string; tags?: Record<string, string> } = {}) =>
  publishService({ service: name, stage: 'prod', endpoint, ...extra, awsClientOptions: awsClientOptions() })

beforeAll(() => resetMoto())
beforeEach(() => clearRegistryCache())
afterEach(() => {
  jest.restoreAllMocks()
})

describe('publishService() then service(): the round trip', () => {
  it('gives a caller the endpoint and API key the service published', async () => {
    await publish('orders', 'https://orders.internal.example', { apiKey: 'orders-key-1' })
    const values = await resolveOnce({ ...withClientOptions(), stage: 'prod', fetch: { orders: service('orders') } })
    expect(revealed(values.orders)).toEqual({ endpoint: 'https://orders.internal.example', apiKey: 'orders-key-1' })
  })

  it('writes a new SSM version and a new secret version at every publish, and reports them', async () => {
    const first = await publish('billing', 'https://billing-a.internal.example', { apiKey: 'billing-key-1' })
    const second = await publish('billing', 'https://billing-b.internal.example', { apiKey: 'billing-key-2' })
    expect([first.endpoint.version, second.endpoint.version]).toEqual([1, 2])
    expect([first.apiKey?.created, second.apiKey?.created]).toEqual([true, false])
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/billing/prod/endpoint' }))
    const current = await secretsManager.send(new GetSecretValueCommand({ SecretId: 'billing/prod/api-key' }))
    expect({ version: Parameter?.Version, value: Parameter?.Value, type: Parameter?.Type }).toEqual({
      version: 2,
      value: 'https://billing-b.internal.example',
      type: 'String',
    })
    expect({ versionId: current.VersionId, value: current.SecretString }).toEqual({ versionId: second.apiKey?.versionId, value: 'billing-key-2' })
  })

  it('tags the endpoint parameter and the secret', async () => {
    await publish('search', 'https://search.internal.example', { apiKey: 'search-key', tags: { team: 'discovery', commit: 'a1b2c3' } })
    await publish('search', 'https://search.internal.example', { apiKey: 'search-key', tags: { commit: 'd4e5f6' } })
    const { TagList } = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/search/prod/endpoint' }))
    const { Tags } = await secretsManager.send(new DescribeSecretCommand({ SecretId: 'search/prod/api-key' }))
    const asObject = (tags: { Key?: string; Value?: string }[] = []) => Object.fromEntries(tags.map(({ Key, Value }) => [Key, Value]))
    expect(asObject(TagList)).toEqual({ team: 'discovery', commit: 'd4e5f6' })
    expect(asObject(Tags)).toEqual({ team: 'discovery', commit: 'd4e5f6' })
  })

  it('publishes into another account through a role, where a caller with the same role finds it', async () => {
    const publisher = { roleArn: 'arn:aws:iam::111111111111:role/registry-publisher' }
    await publishService({
      service: 'ledger',
      stage: 'prod',
      endpoint: 'https://ledger.central.example',
      apiKey: 'ledger-key',
      assumeRole: publisher,
      awsClientOptions: awsClientOptions(),
    })
    const central = await clientsThroughRole(publisher.roleArn)
    const { Parameter } = await central.ssm.send(new GetParameterCommand({ Name: '/ledger/prod/endpoint' }))
    expect(Parameter?.Value).toBe('https://ledger.central.example')
    // Not in the caller's own account.
    await expect(ssm.send(new GetParameterCommand({ Name: '/ledger/prod/endpoint' }))).rejects.toThrow()
    const values = await resolveOnce({
      ...withClientOptions(),
      stage: 'prod',
      fetch: { ledger: service('ledger', { assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/registry-reader' } }) },
    })
    expect(revealed(values.ledger)).toEqual({ endpoint: 'https://ledger.central.example', apiKey: 'ledger-key' })
  })
})

describe('a warm function sees a newly published endpoint once its cache expires', () => {
  /** A handler for `name`, and a clock that starts now and can be moved forward. */
  function warmFunction(name: string, options: Partial<RegistryOptions<FetchMap>>) {
    const start = Date.now()
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start)
    const invoke = handlerWith({ ...withClientOptions(), stage: 'prod', cacheExpiry: 5 * MINUTE, ...options, fetch: { [name]: service(name) } })
    const seen = async () => revealed((await invoke()).values[name])
    return { seen, after: (elapsed: number) => clock.mockReturnValue(start + elapsed) }
  }

  it('serves the cached endpoint until then, and the new one (with its new key) right after, with maxStale 0', async () => {
    await publish('payments', 'https://payments-blue.internal.example', { apiKey: 'payments-key-1' })
    const fn = warmFunction('payments', { maxStale: 0 })
    expect(await fn.seen()).toEqual({ endpoint: 'https://payments-blue.internal.example', apiKey: 'payments-key-1' })
    await publish('payments', 'https://payments-green.internal.example', { apiKey: 'payments-key-2' })
    fn.after(4 * MINUTE)
    expect(await fn.seen()).toEqual({ endpoint: 'https://payments-blue.internal.example', apiKey: 'payments-key-1' })
    fn.after(5 * MINUTE + 1)
    expect(await fn.seen()).toEqual({ endpoint: 'https://payments-green.internal.example', apiKey: 'payments-key-2' })
  })

  it('with stale-while-revalidate (the default), serves the old endpoint once more while it refreshes', async () => {
    await publish('inventory', 'https://inventory-blue.internal.example', { apiKey: 'inventory-key' })
    const wire = new RecordingHttpHandler()
    const fn = warmFunction('inventory', { awsClientOptions: { ...awsClientOptions(), requestHandler: wire } })
    expect(await fn.seen()).toMatchObject({ endpoint: 'https://inventory-blue.internal.example' })
    await publish('inventory', 'https://inventory-green.internal.example')
    fn.after(5 * MINUTE + 1)
    expect(await fn.seen()).toMatchObject({ endpoint: 'https://inventory-blue.internal.example' })
    await wire.idle()
    expect(await fn.seen()).toMatchObject({ endpoint: 'https://inventory-green.internal.example' })
  })
})
