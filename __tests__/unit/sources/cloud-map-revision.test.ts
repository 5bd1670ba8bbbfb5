/** Cloud Map: an expired entry is revalidated by DiscoverInstancesRevision before it is fetched again. */

import { DiscoverInstancesCommand, DiscoverInstancesRevisionCommand, type HttpInstanceSummary } from '@aws-sdk/client-servicediscovery'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { cloudMap, type HealthStatus, registry } from '../../../src/index.js'
import { awsError, contextHandler, eventually, testOptions } from '../helpers.js'
import { discoveryMock, resetAll } from '../mocks.js'

const MINUTE = 60_000
const ALL = { namespace: 'internal', service: 'orders', healthStatus: 'ALL' } as const

const discoverCalls = () => discoveryMock.commandCalls(DiscoverInstancesCommand).length
const probeCalls = () => discoveryMock.commandCalls(DiscoverInstancesRevisionCommand).length
const instance = (InstanceId: string): HttpInstanceSummary => ({ InstanceId, Attributes: { AWS_INSTANCE_IPV4: `10.0.0.${InstanceId.slice(2)}` } })

/** DiscoverInstances answers with these instances at this revision. */
function registered(InstancesRevision: number | undefined, ...ids: string[]): void {
  discoveryMock.on(DiscoverInstancesCommand).resolves({ Instances: ids.map(instance), InstancesRevision })
}

function revisionIs(InstancesRevision: number): void {
  discoveryMock.on(DiscoverInstancesRevisionCommand).resolves({ InstancesRevision })
}

/** A handler that resolves one cloudMap() key; entries expire after a minute. */
function ordersHandler(healthStatus: HealthStatus = 'ALL') {
  const middleware = registry({ fetch: { orders: cloudMap({ ...ALL, healthStatus }) }, cacheExpiry: MINUTE, ...testOptions() })
  const invoke = contextHandler(middleware)
  return { middleware, ids: async () => (await invoke()).orders.map(({ id }) => id) }
}

/** Lets the entry expire, invokes (served stale, refreshed in the background) and waits for the refresh. */
async function expireAndRefresh(handler: ReturnType<typeof ordersHandler>, refreshes: number): Promise<void> {
  jest.setSystemTime(Date.now() + MINUTE)
  await handler.ids()
  const settled = () => {
    const { refreshes: read, revalidations, errors } = handler.middleware.stats()
    return read + revalidations + errors
  }
  expect(await eventually(() => settled() === refreshes)).toBe(true)
}

beforeEach(() => {
  resetAll()
  jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
})
afterEach(() => {
  jest.useRealTimers()
})

describe('an expired entry whose revision has not changed', () => {
  it('is kept after one DiscoverInstancesRevision, without DiscoverInstances', async () => {
    registered(3, 'i-1')
    revisionIs(3)
    const orders = ordersHandler()
    await orders.ids()

    await expireAndRefresh(orders, 1)

    expect({ discover: discoverCalls(), probe: probeCalls() }).toEqual({ discover: 1, probe: 1 })
    expect(discoveryMock.commandCalls(DiscoverInstancesRevisionCommand)[0]!.args[0].input).toEqual({ NamespaceName: 'internal', ServiceName: 'orders' })
    expect(await orders.ids()).toEqual(['i-1'])
  })

  it('counts as a revalidation, not a refresh, in events and stats()', async () => {
    registered(3, 'i-1')
    revisionIs(3)
    const orders = ordersHandler()
    await orders.ids()

    await expireAndRefresh(orders, 1)

    expect(orders.middleware.stats()).toMatchObject({ refreshes: 0, revalidations: 1 })
  })

  it('is fresh again for a whole cacheExpiry, as after a fetch', async () => {
    registered(3, 'i-1')
    revisionIs(3)
    const orders = ordersHandler()
    await orders.ids()
    await expireAndRefresh(orders, 1)

    jest.setSystemTime(Date.now() + MINUTE / 2)
    await orders.ids()

    expect({ discover: discoverCalls(), probe: probeCalls() }).toEqual({ discover: 1, probe: 1 })
    expect(orders.middleware.stats()).toEqual(expect.objectContaining({ hits: 1, refreshes: 0, revalidations: 1, errors: 0 }))
  })
})

describe('an expired entry is fetched again in full', () => {
  it('when the revision has changed', async () => {
    registered(3, 'i-1')
    const orders = ordersHandler()
    await orders.ids()
    registered(4, 'i-1', 'i-2')
    revisionIs(4)

    await expireAndRefresh(orders, 1)

    expect({ discover: discoverCalls(), probe: probeCalls() }).toEqual({ discover: 2, probe: 1 })
    expect(await orders.ids()).toEqual(['i-1', 'i-2'])
  })

  it('when the revision probe fails', async () => {
    registered(3, 'i-1')
    const orders = ordersHandler()
    await orders.ids()
    discoveryMock.on(DiscoverInstancesRevisionCommand).rejects(awsError('ThrottlingException'))
    registered(3, 'i-2')

    await expireAndRefresh(orders, 1)

    expect({ discover: discoverCalls(), probe: probeCalls() }).toEqual({ discover: 2, probe: 1 })
    expect(await orders.ids()).toEqual(['i-2'])
  })

  it('without a probe once the probe was denied: a missing permission costs one request, once', async () => {
    registered(3, 'i-1')
    discoveryMock.on(DiscoverInstancesRevisionCommand).rejects(awsError('AccessDeniedException'))
    const orders = ordersHandler()
    await orders.ids()

    await expireAndRefresh(orders, 1)
    await expireAndRefresh(orders, 2)

    expect({ discover: discoverCalls(), probe: probeCalls() }).toEqual({ discover: 3, probe: 1 })
  })

  it('when DiscoverInstances reported no revision', async () => {
    registered(undefined, 'i-1')
    revisionIs(3)
    const orders = ordersHandler()
    await orders.ids()

    await expireAndRefresh(orders, 1)

    expect({ discover: discoverCalls(), probe: probeCalls() }).toEqual({ discover: 2, probe: 0 })
  })

  // Health changes do not move the revision: it cannot vouch for a health-filtered list.
  it.each<HealthStatus>(['HEALTHY', 'UNHEALTHY', 'HEALTHY_OR_ELSE_ALL'])('for healthStatus %s, without a probe', async (healthStatus) => {
    registered(3, 'i-1')
    revisionIs(3)
    const orders = ordersHandler(healthStatus)
    await orders.ids()

    await expireAndRefresh(orders, 1)

    expect({ discover: discoverCalls(), probe: probeCalls() }).toEqual({ discover: 2, probe: 0 })
  })
})

describe('a revision probe on the invocation path', () => {
  it('revalidates an entry past maxStale while the invocation waits', async () => {
    registered(3, 'i-1')
    revisionIs(3)
    const middleware = registry({ fetch: { orders: cloudMap(ALL) }, cacheExpiry: MINUTE, maxStale: 0, ...testOptions() })
    const invoke = contextHandler(middleware)
    await invoke()

    jest.setSystemTime(Date.now() + 2 * MINUTE)
    const context = await invoke()

    expect(context.orders.map(({ id }) => id)).toEqual(['i-1'])
    expect({ discover: discoverCalls(), probe: probeCalls() }).toEqual({ discover: 1, probe: 1 })
    expect(middleware.stats().misses).toBe(2)
  })

  it('serves refresh() from the probe when nothing changed', async () => {
    registered(3, 'i-1')
    revisionIs(3)
    const orders = ordersHandler()
    await orders.ids()

    const refreshed = await orders.middleware.refresh('orders')

    expect(refreshed.orders.map(({ id }) => id)).toEqual(['i-1'])
    expect({ discover: discoverCalls(), probe: probeCalls() }).toEqual({ discover: 1, probe: 1 })
  })
})
