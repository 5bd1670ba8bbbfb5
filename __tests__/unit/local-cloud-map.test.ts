/** The local registry file serves cloudMap() references from its "cloudMap" section, without the SDK. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { removeRegistryFiles, writeRegistry } from './registry-files.js'
import { notInstalled } from './sdk-not-installed.js'

// The Cloud Map SDK stands in as "not installed": a local registry must never load it.
const sdkLoads: string[] = []
jest.unstable_mockModule('#sdk/servicediscovery', notInstalled('@aws-sdk/client-servicediscovery', sdkLoads))

const { registry, cloudMap, clearRegistryCache } = await import('../../src/index.js')
// After the mocks: helpers import the package, whose sources import their SDK loaders.
const { invoke, invokeFailing } = await import('./helpers.js')

const ORDERS = { namespace: 'internal', service: 'orders' } as const

const ordersFile = () =>
  writeRegistry({
    cloudMap: {
      'internal/orders': [
        { id: 'orders-a', attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: '3001', stage: 'dev' } },
        { id: 'orders-b', attributes: { url: 'http://localhost:3002', stage: 'test' } },
        { id: 'orders-c' },
      ],
    },
  })

beforeEach(() => {
  clearRegistryCache()
  sdkLoads.length = 0
})

afterEach(() => {
  removeRegistryFiles()
})

describe('local registry: Cloud Map services', () => {
  it("lists a service's instances as written, an instance without attributes having none", async () => {
    const context = await invoke(registry({ fetch: { orders: cloudMap(ORDERS) }, local: ordersFile(), prefetch: false }))

    expect(context.orders.map(({ id, attributes }) => ({ id, attributes }))).toEqual([
      { id: 'orders-a', attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: '3001', stage: 'dev' } },
      { id: 'orders-b', attributes: { url: 'http://localhost:3002', stage: 'test' } },
      { id: 'orders-c', attributes: {} },
    ])
    expect(sdkLoads).toEqual([])
  })

  it('needs the SDK only without the file: the same declaration then fails with SdkNotInstalled', async () => {
    const error = await invokeFailing(
      registry({ fetch: { orders: cloudMap(ORDERS) }, local: false, prefetch: false, awsClientOptions: { region: 'eu-west-1' } }),
    )

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'SdkNotInstalled', message: '@aws-sdk/client-servicediscovery is not installed; add it with "npm install @aws-sdk/client-servicediscovery"' },
    ])
    expect(sdkLoads).toEqual(['@aws-sdk/client-servicediscovery'])
  })

  it('applies queryParameters, and resolves endpoints by the same rule as AWS', async () => {
    const fetch = {
      testing: cloudMap({ ...ORDERS, queryParameters: { stage: 'test' } }),
      built: cloudMap.endpoint(ORDERS),
      named: cloudMap.endpoint({ ...ORDERS, attribute: 'url' }),
    }

    const context = await invoke(registry({ fetch, local: ordersFile(), prefetch: false }))

    expect(context.testing.map(({ id }) => id)).toEqual(['orders-b'])
    expect([context.built, context.named]).toEqual(['http://127.0.0.1:3001', 'http://localhost:3002'])
  })

  it('holds every instance healthy: UNHEALTHY finds none', async () => {
    const fetch = { sick: cloudMap({ ...ORDERS, healthStatus: 'UNHEALTHY' }), fallback: cloudMap({ ...ORDERS, healthStatus: 'HEALTHY_OR_ELSE_ALL' }) }

    const context = await invoke(registry({ fetch, local: ordersFile(), prefetch: false }))

    expect(context.sick).toEqual([])
    expect(context.fallback).toHaveLength(3)
  })

  it('fails a service missing from the file with ServiceNotFound, or resolves it to undefined if optional', async () => {
    const local = ordersFile()
    const billing = { namespace: 'internal', service: 'billing' }

    const error = await invokeFailing(registry({ fetch: { billing: cloudMap(billing) }, local, prefetch: false }))
    const context = await invoke(registry({ fetch: { billing: cloudMap({ ...billing, optional: true }) }, local, prefetch: false }))

    expect(error.failures).toEqual([expect.objectContaining({ key: 'billing', source: 'local', id: 'internal/billing', code: 'ServiceNotFound' })])
    expect(context.billing).toBeUndefined()
  })

  it('fails a malformed entry with LocalRegistryInvalid, leaving the other keys alone', async () => {
    const local = writeRegistry({
      parameters: { '/orders/url': 'http://localhost' },
      cloudMap: { 'internal/orders': [{ id: 'a', attributes: { port: 3001 } }] },
    })

    const error = await invokeFailing(registry({ fetch: { orders: cloudMap(ORDERS) }, local, prefetch: false }))

    expect(error.failures.map(({ key, code }) => ({ key, code }))).toEqual([{ key: 'orders', code: 'LocalRegistryInvalid' }])
    expect(error.failures[0]!.message).not.toContain('3001')
  })

  it('rejects a file whose "cloudMap" is not an object', async () => {
    const local = writeRegistry({ cloudMap: [] })

    const error = await invokeFailing(registry({ fetch: { orders: cloudMap(ORDERS) }, local, prefetch: false }))

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      {
        code: 'LocalRegistryInvalid',
        message: `the local registry file ${local} must hold a JSON object whose "parameters", "secrets", "cloudMap" and "dynamo" are objects`,
      },
    ])
  })
})
