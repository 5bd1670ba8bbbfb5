/**
 * Cloud Map against moto: instances registered with the real SDK, discovered through
 * registry() in a middy handler, and an expired entry revalidated by its revision.
 */
import {
  CreateHttpNamespaceCommand,
  CreateServiceCommand,
  DeregisterInstanceCommand,
  ListNamespacesCommand,
  RegisterInstanceCommand,
  ServiceDiscoveryClient,
  UpdateInstanceCustomHealthStatusCommand,
} from '@aws-sdk/client-servicediscovery'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, cloudMap, type FetchMap, type RegistryOptions } from '../../src/index.js'
import { awsClientOptions, handlerWith, RecordingHttpHandler, registryErrorOf, resetMoto, resolveOnce } from './helpers.js'

/**
 * moto differs from AWS here: DiscoverInstances and DiscoverInstancesRevision go to a
 * `data-` host prefix (`data-servicediscovery.REGION.amazonaws.com`), which in front of
 * moto's 127.0.0.1 names no host. Clients that talk to moto turn the prefix off.
 */
const motoCloudMapOptions = () => ({ ...awsClientOptions(), disableHostPrefix: true })

const admin = new ServiceDiscoveryClient(motoCloudMapOptions())
const NAMESPACE = 'internal.example'
const serviceIds = new Map<string, string>()

async function createService(Name: string, NamespaceId: string, withHealthChecks = false): Promise<void> {
  const { Service } = await admin.send(
    new CreateServiceCommand({ Name, NamespaceId, ...(withHealthChecks ? { HealthCheckCustomConfig: { FailureThreshold: 1 } } : {}) }),
  )
  serviceIds.set(Name, Service!.Id!)
}

const register = (service: string, InstanceId: string, Attributes: Record<string, string>) =>
  admin.send(new RegisterInstanceCommand({ ServiceId: serviceIds.get(service)!, InstanceId, Attributes }))

beforeAll(async () => {
  await resetMoto()
  await admin.send(new CreateHttpNamespaceCommand({ Name: NAMESPACE }))
  const { Namespaces } = await admin.send(new ListNamespacesCommand({}))
  const namespaceId = Namespaces!.find((namespace) => namespace.Name === NAMESPACE)!.Id!
  for (const name of ['orders', 'billing', 'inventory']) await createService(name, namespaceId)
  await createService('search', namespaceId, true)
  await register('orders', 'orders-prod', { AWS_INSTANCE_IPV4: '10.0.1.10', AWS_INSTANCE_PORT: '8080', stage: 'prod' })
  await register('orders', 'orders-staging', { AWS_INSTANCE_IPV4: '10.0.2.10', AWS_INSTANCE_PORT: '8080', stage: 'staging' })
  await register('billing', 'billing-1', { url: 'https://billing.internal.example/v1' })
  await register('inventory', 'inventory-1', { AWS_INSTANCE_IPV4: '10.0.3.10' })
  await register('search', 'search-1', { AWS_INSTANCE_IPV4: '10.0.4.1' })
  await register('search', 'search-2', { AWS_INSTANCE_IPV4: '10.0.4.2' })
})

beforeEach(() => clearRegistryCache())

type Reach = Pick<RegistryOptions<FetchMap>, 'awsClientOptions' | 'clients' | 'prefetch' | 'local'>

/** registry() creating its own Cloud Map client from awsClientOptions, every request recorded. */
const throughOwnClient = (wire = new RecordingHttpHandler()): Reach => ({
  awsClientOptions: { ...motoCloudMapOptions(), requestHandler: wire },
  prefetch: false,
  local: false,
})

const ORDERS = { namespace: NAMESPACE, service: 'orders' } as const

describe('discovering instances registered in Cloud Map', () => {
  it('resolves every instance of a service with its attributes', async () => {
    const values = await resolveOnce({ ...throughOwnClient(), fetch: { orders: cloudMap({ ...ORDERS, healthStatus: 'ALL' }) } })

    const orders = values.orders as Array<{ id: string; attributes: Record<string, string> }>
    expect([...orders].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'orders-prod', attributes: { AWS_INSTANCE_IPV4: '10.0.1.10', AWS_INSTANCE_PORT: '8080', stage: 'prod' } },
      { id: 'orders-staging', attributes: { AWS_INSTANCE_IPV4: '10.0.2.10', AWS_INSTANCE_PORT: '8080', stage: 'staging' } },
    ])
  })

  it('filters by queryParameters and builds the endpoint from the instance address', async () => {
    const values = await resolveOnce({
      ...throughOwnClient(),
      fetch: {
        prod: cloudMap({ ...ORDERS, queryParameters: { stage: 'prod' } }),
        prodUrl: cloudMap.endpoint({ ...ORDERS, queryParameters: { stage: 'prod' } }),
        billingUrl: cloudMap.endpoint({ namespace: NAMESPACE, service: 'billing', attribute: 'url' }),
      },
    })

    expect((values.prod as Array<{ id: string }>).map(({ id }) => id)).toEqual(['orders-prod'])
    expect(values.prodUrl).toBe('http://10.0.1.10:8080')
    expect(values.billingUrl).toBe('https://billing.internal.example/v1')
  })

  it('reads through the Cloud Map client it is given', async () => {
    const values = await resolveOnce({
      clients: { serviceDiscovery: admin },
      prefetch: false,
      local: false,
      fetch: { url: cloudMap.endpoint({ namespace: NAMESPACE, service: 'inventory' }) },
    })

    expect(values.url).toBe('http://10.0.3.10')
  })

  it("names a missing service and a missing namespace with Cloud Map's codes, and NoInstances for an empty answer", async () => {
    const error = await registryErrorOf(
      resolveOnce({
        ...throughOwnClient(),
        fetch: {
          noService: cloudMap({ namespace: NAMESPACE, service: 'payments' }),
          noNamespace: cloudMap({ namespace: 'elsewhere.example', service: 'orders' }),
          noInstance: cloudMap.endpoint({ ...ORDERS, queryParameters: { stage: 'qa' } }),
        },
      }),
    )

    expect(error.failures.map(({ key, source, id, code }) => ({ key, source, id, code }))).toEqual([
      { key: 'noService', source: 'servicediscovery', id: `${NAMESPACE}/payments`, code: 'ServiceNotFound' },
      { key: 'noNamespace', source: 'servicediscovery', id: 'elsewhere.example/orders', code: 'NamespaceNotFound' },
      { key: 'noInstance', source: 'servicediscovery', id: `${NAMESPACE}/orders`, code: 'NoInstances' },
    ])
  })

  it('follows health: an instance marked unhealthy leaves the HEALTHY answer at the next fetch', async () => {
    const handler = handlerWith({ ...throughOwnClient(), cacheExpiry: 0, fetch: { search: cloudMap({ namespace: NAMESPACE, service: 'search' }) } })
    const ids = async () => ((await handler()).values.search as Array<{ id: string }>).map(({ id }) => id).sort()
    expect(await ids()).toEqual(['search-1', 'search-2'])

    await admin.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: serviceIds.get('search')!, InstanceId: 'search-2', Status: 'UNHEALTHY' }))

    expect(await ids()).toEqual(['search-1'])
  })
})

describe('revalidating an expired entry by its revision', () => {
  // cacheExpiry 0: every invocation finds its entry expired and refreshes it before running.
  const inventory = (wire: RecordingHttpHandler) =>
    handlerWith({
      ...throughOwnClient(wire),
      cacheExpiry: 0,
      fetch: { inventory: cloudMap({ namespace: NAMESPACE, service: 'inventory', healthStatus: 'ALL' }) },
    })
  const idsOf = async (handler: ReturnType<typeof inventory>) => ((await handler()).values.inventory as Array<{ id: string }>).map(({ id }) => id).sort()

  it('keeps the instances after one DiscoverInstancesRevision while nothing is registered or deregistered', async () => {
    const wire = new RecordingHttpHandler()
    const handler = inventory(wire)

    expect(await idsOf(handler)).toEqual(['inventory-1'])
    expect(await idsOf(handler)).toEqual(['inventory-1'])
    expect(await idsOf(handler)).toEqual(['inventory-1'])

    expect({ discover: wire.count('DiscoverInstances'), probe: wire.count('DiscoverInstancesRevision') }).toEqual({ discover: 1, probe: 2 })
  })

  it('fetches the instances again once an instance is registered, and again once one is deregistered', async () => {
    const wire = new RecordingHttpHandler()
    const handler = inventory(wire)
    await idsOf(handler)

    await register('inventory', 'inventory-2', { AWS_INSTANCE_IPV4: '10.0.3.20' })
    expect(await idsOf(handler)).toEqual(['inventory-1', 'inventory-2'])
    await admin.send(new DeregisterInstanceCommand({ ServiceId: serviceIds.get('inventory')!, InstanceId: 'inventory-2' }))
    expect(await idsOf(handler)).toEqual(['inventory-1'])

    expect({ discover: wire.count('DiscoverInstances'), probe: wire.count('DiscoverInstancesRevision') }).toEqual({ discover: 3, probe: 2 })
  })
})
