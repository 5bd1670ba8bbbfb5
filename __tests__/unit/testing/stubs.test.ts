// Importing the testing module first switches this test file's process to test mode.

import { afterEach, describe, expect, it } from '@jest/globals'
import { defineSource, RegistryError, registry, secret, ssm } from '../../../src/index.js'
import { failure, missing, resetRegistryStubs, stubReference, stubRegistry } from '../../../src/testing/index.js'
import { invoke, invokeFailing } from '../helpers.js'
import { secretsMock, ssmMock } from '../mocks.js'

// Declared at module scope with the default prefetch, as a handler module would.
const orders = registry({
  fetch: {
    ordersUrl: ssm('/orders/prod/endpoint'),
    limits: ssm.json<{ rps: number }>('/orders/prod/limits'),
    ordersKey: secret('orders/prod/api-key'),
    flag: ssm('/orders/prod/flag', { optional: true }),
  },
})

describe('middy-registry/testing: handlers run on values the test supplies', () => {
  afterEach(() => resetRegistryStubs())

  it('serves stubbed values on the context, secrets masked, without calling AWS', async () => {
    stubRegistry(orders, { ordersUrl: 'https://orders.test', limits: { rps: 5 }, ordersKey: 'test-key', flag: 'on' })
    const context = await invoke(orders)
    expect(context.ordersUrl).toBe('https://orders.test')
    expect(context.limits).toEqual({ rps: 5 })
    expect(context.ordersKey).toBe('test-key')
    expect(JSON.stringify(context)).not.toContain('test-key')
    expect(ssmMock.calls()).toHaveLength(0)
    expect(secretsMock.calls()).toHaveLength(0)
  })

  it('does not prefetch from AWS when the registry is created in test mode', () => {
    expect(ssmMock.calls()).toHaveLength(0)
  })

  it('fails a key without a stub with NotStubbed, never reaching AWS', async () => {
    stubRegistry(orders, { ordersUrl: 'https://orders.test', limits: { rps: 5 }, flag: undefined })
    const error = await invokeFailing(orders)
    expect(error.failures).toEqual([expect.objectContaining({ key: 'ordersKey', source: 'secretsmanager', id: 'orders/prod/api-key', code: 'NotStubbed' })])
  })

  it('simulates a failing entry with its AWS code, as production reports it', async () => {
    stubRegistry(orders, { ordersUrl: failure('AccessDeniedException'), limits: { rps: 5 }, ordersKey: 'k', flag: undefined })
    const error = await invokeFailing(orders)
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toBe('1 registry value could not be resolved: ordersUrl (ssm /orders/prod/endpoint: AccessDeniedException)')
  })

  it('simulates a missing entry: undefined when optional, the source’s not-found code otherwise', async () => {
    stubRegistry(orders, { ordersUrl: missing(), limits: { rps: 5 }, ordersKey: missing(), flag: missing() })
    const error = await invokeFailing(orders)
    expect(error.failures.map(({ key, code }) => `${key}: ${code}`)).toEqual(['ordersUrl: ParameterNotFound', 'ordersKey: ResourceNotFoundException'])
    stubRegistry(orders, { ordersUrl: 'https://orders.test', ordersKey: 'k' })
    expect((await invoke(orders)).flag).toBeUndefined()
  })

  it('stubs a reference in every registry that declares it', async () => {
    stubReference(ssm('/orders/prod/endpoint'), 'https://shared.test')
    stubReference(secret('orders/prod/api-key'), 'shared-key')
    stubReference(ssm.json<{ rps: number }>('/orders/prod/limits'), { rps: 1 })
    stubReference(ssm('/orders/prod/flag'), missing())
    const other = registry({ fetch: { url: ssm('/orders/prod/endpoint') } })
    expect((await invoke(orders)).ordersUrl).toBe('https://shared.test')
    expect((await invoke(other)).url).toBe('https://shared.test')
  })

  it('prefers a registry’s own stub for a key over a reference stub', async () => {
    stubReference(ssm('/orders/prod/endpoint'), 'https://shared.test')
    stubRegistry(orders, { ordersUrl: 'https://own.test', limits: { rps: 1 }, ordersKey: 'k', flag: undefined })
    expect((await invoke(orders)).ordersUrl).toBe('https://own.test')
  })

  it('serves new stubs to the next invocation', async () => {
    stubRegistry(orders, { ordersUrl: 'https://first.test', limits: { rps: 1 }, ordersKey: 'k', flag: undefined })
    await invoke(orders)
    stubRegistry(orders, { ordersUrl: 'https://second.test' })
    expect((await invoke(orders)).ordersUrl).toBe('https://second.test')
  })

  it('answers refresh() from the stubs', async () => {
    stubRegistry(orders, { ordersKey: 'rotated-key' })
    expect((await orders.refresh('ordersKey')).ordersKey).toBe('rotated-key')
  })

  it('answers values() from the stubs, secrets masked, without calling AWS', async () => {
    stubRegistry(orders, { ordersUrl: 'https://orders.test', limits: { rps: 5 }, ordersKey: 'test-key', flag: undefined })
    const values = await orders.values()
    expect({ ordersUrl: values.ordersUrl, ordersKey: values.ordersKey }).toEqual({ ordersUrl: 'https://orders.test', ordersKey: 'test-key' })
    expect(JSON.stringify(values)).not.toContain('test-key')
    expect(ssmMock.calls()).toHaveLength(0)
  })
})

describe('middy-registry/testing: a source defined with defineSource()', () => {
  afterEach(() => resetRegistryStubs())
  const vault = defineSource({ name: 'vault', read: async () => Promise.reject(new Error('a unit test must not read the vault')), secret: true })
  const withVault = registry({ fetch: { token: vault('kv/app/token'), maybe: vault('kv/app/maybe', { optional: true }) }, prefetch: false })

  it('serves a stubbed reference, masked, without calling read()', async () => {
    stubReference(vault('kv/app/token'), 'test-token')
    stubReference(vault('kv/app/maybe', { optional: true }), missing())
    const context = await invoke(withVault)
    expect([context.token, context.maybe]).toEqual(['test-token', undefined])
    expect(JSON.stringify(context)).not.toContain('test-token')
  })

  it('fails a missing, non-optional stub with NotFound', async () => {
    stubRegistry(withVault, { token: missing(), maybe: missing() })
    const error = await invokeFailing(withVault)
    expect(error.failures.map(({ key, code }) => `${key}: ${code}`)).toEqual(['token: NotFound'])
  })
})
