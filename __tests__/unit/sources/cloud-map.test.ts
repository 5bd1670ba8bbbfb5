/** Cloud Map: DiscoverInstances as a source, the endpoint helper, and how entries are keyed. */

import { DiscoverInstancesCommand, type HttpInstanceSummary, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { cloudMap, registry } from '../../../src/index.js'
import { awsError, eventually, gate, invoke, invokeFailing, testOptions } from '../helpers.js'
import { discoveryMock, resetAll } from '../mocks.js'

const ORDERS = { namespace: 'internal', service: 'orders' } as const
const discoverCalls = () => discoveryMock.commandCalls(DiscoverInstancesCommand)

const instance = (InstanceId: string, Attributes: Record<string, string>): HttpInstanceSummary => ({
  InstanceId,
  NamespaceName: 'internal',
  ServiceName: 'orders',
  HealthStatus: 'HEALTHY',
  Attributes,
})

function serveInstances(...Instances: HttpInstanceSummary[]): void {
  discoveryMock.on(DiscoverInstancesCommand).resolves({ Instances, InstancesRevision: 7 })
}

beforeEach(() => resetAll())

describe('cloudMap() resolves a service to its instances', () => {
  it('resolves each instance to its id and attributes, in Cloud Map order, frozen', async () => {
    serveInstances(instance('i-2', { AWS_INSTANCE_IPV4: '10.0.0.2', stage: 'prod' }), instance('i-1', { AWS_INSTANCE_IPV4: '10.0.0.1' }))

    const context = await invoke(registry({ fetch: { orders: cloudMap(ORDERS) }, ...testOptions() }))

    expect(context.orders).toEqual([
      { id: 'i-2', attributes: { AWS_INSTANCE_IPV4: '10.0.0.2', stage: 'prod' } },
      { id: 'i-1', attributes: { AWS_INSTANCE_IPV4: '10.0.0.1' } },
    ])
    expect(Object.isFrozen(context.orders)).toBe(true)
    expect(Object.isFrozen(context.orders[0]!.attributes)).toBe(true)
    expect(Object.keys(context)).toContain('orders')
  })

  it('asks for healthy instances by default, and as many as DiscoverInstances gives', async () => {
    serveInstances()

    await invoke(registry({ fetch: { orders: cloudMap(ORDERS) }, ...testOptions() }))

    expect(discoverCalls().map((call) => call.args[0].input)).toEqual([
      { NamespaceName: 'internal', ServiceName: 'orders', HealthStatus: 'HEALTHY', MaxResults: 1000 },
    ])
  })

  it('passes healthStatus and queryParameters to DiscoverInstances', async () => {
    serveInstances()
    const reference = cloudMap({ ...ORDERS, healthStatus: 'HEALTHY_OR_ELSE_ALL', queryParameters: { stage: 'prod', az: 'eu-west-1a' } })

    await invoke(registry({ fetch: { orders: reference }, ...testOptions() }))

    expect(discoverCalls()[0]!.args[0].input).toEqual(
      expect.objectContaining({ HealthStatus: 'HEALTHY_OR_ELSE_ALL', QueryParameters: { stage: 'prod', az: 'eu-west-1a' } }),
    )
  })

  it('resolves to an empty list when no instance matches', async () => {
    serveInstances()

    const context = await invoke(registry({ fetch: { orders: cloudMap(ORDERS) }, ...testOptions() }))

    expect(context.orders).toEqual([])
  })

  it('sends one DiscoverInstances per service, all at once', async () => {
    const held = gate()
    discoveryMock.on(DiscoverInstancesCommand).callsFake(async ({ ServiceName }: { ServiceName: string }) => {
      await held.opened
      return { Instances: [instance(`${ServiceName}-1`, {})] }
    })
    const fetch = { orders: cloudMap(ORDERS), billing: cloudMap({ namespace: 'internal', service: 'billing' }) }

    const invocation = invoke(registry({ fetch, ...testOptions() }))
    // Both requests are out before either is answered.
    expect(await eventually(() => discoverCalls().length === 2)).toBe(true)
    held.open()
    const context = await invocation

    expect(context.orders.map(({ id }) => id)).toEqual(['orders-1'])
    expect(context.billing.map(({ id }) => id)).toEqual(['billing-1'])
  })

  it('reads through the serviceDiscovery client the registry is given', async () => {
    serveInstances(instance('i-1', {}))
    const client = new ServiceDiscoveryClient({ region: 'eu-west-1' })

    const context = await invoke(registry({ fetch: { orders: cloudMap(ORDERS) }, clients: { serviceDiscovery: client }, prefetch: false }))

    expect(context.orders).toHaveLength(1)
    expect(discoverCalls()[0]!.thisValue).toBe(client)
  })
})

describe('a namespace or service that does not exist', () => {
  it.each(['NamespaceNotFound', 'ServiceNotFound'])('fails with %s, naming the key, source and service', async (code) => {
    discoveryMock.on(DiscoverInstancesCommand).rejects(awsError(code))

    const error = await invokeFailing(registry({ fetch: { orders: cloudMap(ORDERS) }, ...testOptions() }))

    expect(error.failures).toEqual([expect.objectContaining({ key: 'orders', source: 'servicediscovery', id: 'internal/orders', code })])
  })

  it('resolves to undefined when the reference is optional', async () => {
    discoveryMock.on(DiscoverInstancesCommand).rejects(awsError('ServiceNotFound'))

    const context = await invoke(registry({ fetch: { orders: cloudMap({ ...ORDERS, optional: true }) }, ...testOptions() }))

    expect(context.orders).toBeUndefined()
  })
})

describe('cloudMap.endpoint() resolves to one URL', () => {
  const endpointOf = async (options: Partial<Parameters<typeof cloudMap.endpoint>[0]>, ...instances: HttpInstanceSummary[]) => {
    serveInstances(...instances)
    return (await invoke(registry({ fetch: { url: cloudMap.endpoint({ ...ORDERS, ...options }) }, ...testOptions() }))).url
  }

  it('builds http://IPv4:port from the first instance of the answer', async () => {
    const url = await endpointOf(
      {},
      instance('i-2', { AWS_INSTANCE_IPV4: '10.0.0.2', AWS_INSTANCE_PORT: '8080' }),
      instance('i-1', { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '8080' }),
    )

    expect(url).toBe('http://10.0.0.2:8080')
  })

  it('uses the scheme option, an IPv6 address in brackets, and no port when none is registered', async () => {
    expect(await endpointOf({ scheme: 'https' }, instance('i-1', { AWS_INSTANCE_IPV6: 'fd00::1', AWS_INSTANCE_PORT: '443' }))).toBe('https://[fd00::1]:443')
    resetAll()
    expect(await endpointOf({}, instance('i-1', { AWS_INSTANCE_CNAME: 'orders.internal.example.com' }))).toBe('http://orders.internal.example.com')
  })

  it('takes a named attribute as it is, from the first instance that has it', async () => {
    const url = await endpointOf(
      { attribute: 'url' },
      instance('i-1', { AWS_INSTANCE_IPV4: '10.0.0.1' }),
      instance('i-2', { url: 'https://orders.example.com/v2' }),
    )

    expect(url).toBe('https://orders.example.com/v2')
  })

  it('skips instances without an address', async () => {
    expect(await endpointOf({}, instance('i-1', { stage: 'prod' }), instance('i-2', { AWS_INSTANCE_IPV4: '10.0.0.2' }))).toBe('http://10.0.0.2')
  })

  it('fails with NoInstances when no instance matches', async () => {
    serveInstances()

    const error = await invokeFailing(registry({ fetch: { url: cloudMap.endpoint({ ...ORDERS, queryParameters: { stage: 'prod' } }) }, ...testOptions() }))

    expect(error.failures).toEqual([expect.objectContaining({ key: 'url', source: 'servicediscovery', id: 'internal/orders', code: 'NoInstances' })])
    expect(error.failures[0]!.message).toBe('Cloud Map service internal/orders has no instance matching queryParameters (health status HEALTHY)')
  })

  it('fails with NoEndpoint when no instance carries the attribute', async () => {
    serveInstances(instance('i-1', { AWS_INSTANCE_IPV4: '10.0.0.1' }))

    const error = await invokeFailing(registry({ fetch: { url: cloudMap.endpoint({ ...ORDERS, attribute: 'url' }) }, ...testOptions() }))

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'NoEndpoint', message: 'no instance of Cloud Map service internal/orders has the attribute url' },
    ])
  })

  it('resolves to undefined without an endpoint when the reference is optional', async () => {
    expect(await endpointOf({ optional: true })).toBeUndefined()
  })

  it('shares one DiscoverInstances with the instance list of the same service, each decoded its own way', async () => {
    serveInstances(instance('i-1', { AWS_INSTANCE_IPV4: '10.0.0.1', url: 'https://orders.example.com' }))
    const fetch = {
      instances: cloudMap(ORDERS),
      built: cloudMap.endpoint(ORDERS),
      named: cloudMap.endpoint({ ...ORDERS, attribute: 'url' }),
      secure: cloudMap.endpoint({ ...ORDERS, scheme: 'https' }),
    }

    const context = await invoke(registry({ fetch, ...testOptions() }))

    expect(discoverCalls()).toHaveLength(1)
    expect([context.built, context.named, context.secure]).toEqual(['http://10.0.0.1', 'https://orders.example.com', 'https://10.0.0.1'])
    expect(context.instances).toHaveLength(1)
  })
})

describe('each set of filters is its own cache entry', () => {
  it('fetches a service once per set of query parameters', async () => {
    discoveryMock.on(DiscoverInstancesCommand).callsFake(async ({ QueryParameters }: { QueryParameters?: Record<string, string> }) => ({
      Instances: [instance(`i-${QueryParameters?.stage ?? 'any'}`, {})],
    }))
    const fetch = {
      prod: cloudMap({ ...ORDERS, queryParameters: { stage: 'prod', az: 'a' } }),
      sameProd: cloudMap({ ...ORDERS, queryParameters: { az: 'a', stage: 'prod' } }),
      staging: cloudMap({ ...ORDERS, queryParameters: { stage: 'staging', az: 'a' } }),
      any: cloudMap(ORDERS),
    }

    const context = await invoke(registry({ fetch, ...testOptions() }))

    // The same filters in another order are one entry.
    expect(discoverCalls()).toHaveLength(3)
    expect([context.prod, context.sameProd, context.staging, context.any].map((instances) => instances[0]!.id)).toEqual([
      'i-prod',
      'i-prod',
      'i-staging',
      'i-any',
    ])
  })

  it('fetches a service once per health status', async () => {
    serveInstances(instance('i-1', {}))

    await invoke(registry({ fetch: { healthy: cloudMap(ORDERS), all: cloudMap({ ...ORDERS, healthStatus: 'ALL' }) }, ...testOptions() }))

    expect(
      discoverCalls()
        .map((call) => call.args[0].input.HealthStatus)
        .sort(),
    ).toEqual(['ALL', 'HEALTHY'])
  })
})
