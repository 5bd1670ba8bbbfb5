import { BatchGetSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { type RegistryEvent, registry, STAGE_ENV, secret, service, ssm } from '../../../src/index.js'
import { invoke, invokeFailing, testOptions } from '../helpers.js'
import { resetAll, secretsMock, serveParameters, serveSecrets, ssmMock } from '../mocks.js'

const ORDERS_KEY = 'orders_key_9f8e7d'

describe('service(): one declaration per remote service, through a naming convention', () => {
  beforeEach(() => {
    resetAll()
    serveParameters({
      '/orders/prod/endpoint': 'https://orders.example.com',
      '/billing/staging/endpoint': 'https://billing.staging.example.com',
      '/old/legacy-url': 'https://legacy.example.com',
      '/orders/prod/timeout-ms': '2500',
      '/prod/orders/url': 'https://orders.templated.example.com',
    })
    serveSecrets({ 'orders/prod/api-key': ORDERS_KEY, 'legacy/token': 'legacy-token', 'prod/orders/key': 'templated-key' })
  })
  afterEach(() => {
    delete process.env[STAGE_ENV]
  })

  it('resolves endpoint and API key by the default convention, the key masked', async () => {
    const context = await invoke(registry({ fetch: { orders: service('orders', { stage: 'prod' }) }, ...testOptions() }))
    expect(context.orders.endpoint).toBe('https://orders.example.com')
    expect(context.orders.apiKey).toBe(ORDERS_KEY)
    expect(JSON.stringify(context)).toContain('"orders":{"endpoint":"https://orders.example.com"}')
    expect(JSON.stringify(context)).not.toContain(ORDERS_KEY)
    expect(Object.isFrozen(context.orders)).toBe(true)
  })

  it('fetches every service’s entries in the same batched round trip as raw references', async () => {
    await invoke(
      registry({
        fetch: { orders: service('orders'), billing: service('billing', { stage: 'staging', apiKey: false }), raw: ssm('/old/legacy-url') },
        stage: 'prod',
        ...testOptions(),
      }),
    )
    const names = ssmMock.commandCalls(GetParametersCommand).map((call) => call.args[0].input.Names)
    expect(names).toEqual([['/orders/prod/endpoint', '/billing/staging/endpoint', '/old/legacy-url']])
    expect(secretsMock.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId)).toEqual(['orders/prod/api-key'])
  })

  it('leaves the API key out with apiKey: false', async () => {
    const context = await invoke(registry({ fetch: { billing: service('billing', { stage: 'staging', apiKey: false }) }, ...testOptions() }))
    expect(context.billing).toEqual({ endpoint: 'https://billing.staging.example.com' })
    expect(secretsMock.calls()).toHaveLength(0)
  })

  it('takes the stage from the registry, then from MIDDY_REGISTRY_STAGE', async () => {
    process.env[STAGE_ENV] = 'prod'
    const context = await invoke(registry({ fetch: { orders: service('orders', { apiKey: false }) }, ...testOptions() }))
    expect(context.orders.endpoint).toBe('https://orders.example.com')
  })

  it('fails at construction when no stage is known', () => {
    expect(() => registry({ fetch: { orders: service('orders') }, ...testOptions() })).toThrow(
      'registry(): fetch.orders (service "orders") has no stage: give { stage } to service() or registry(), or set MIDDY_REGISTRY_STAGE',
    )
  })

  it('follows a registry’s convention templates, and a reference’s own', async () => {
    const convention = { endpoint: '/{stage}/{service}/url', apiKey: '{stage}/{service}/key' }
    const context = await invoke(
      registry({
        fetch: { orders: service('orders'), plain: service('orders', { convention: { endpoint: '/{service}/{stage}/endpoint' }, apiKey: false }) },
        stage: 'prod',
        convention,
        ...testOptions(),
      }),
    )
    expect(context.orders).toEqual({ endpoint: 'https://orders.templated.example.com' })
    expect(context.orders.apiKey).toBe('templated-key')
    expect(context.plain.endpoint).toBe('https://orders.example.com')
  })

  it('adds typed extra fields built from the service’s location', async () => {
    const orders = service('orders', { stage: 'prod', extra: ({ service: name, stage }) => ({ timeoutMs: ssm.json<number>(`/${name}/${stage}/timeout-ms`) }) })
    const context = await invoke(registry({ fetch: { orders }, ...testOptions() }))
    expect(context.orders.timeoutMs).toBe(2500)
  })

  it('reads exactly the declared fields of a service outside the convention', async () => {
    const legacy = service('legacy', { fields: { endpoint: ssm('/old/legacy-url'), token: secret('legacy/token') } })
    const context = await invoke(registry({ fetch: { legacy }, ...testOptions() }))
    expect(context.legacy.endpoint).toBe('https://legacy.example.com')
    expect(context.legacy.token).toBe('legacy-token')
    expect(Object.keys(context.legacy)).toEqual(['endpoint'])
  })

  it('names the service, field and path of a missing entry', async () => {
    const error = await invokeFailing(registry({ fetch: { pay: service('payments', { stage: 'prod' }) }, ...testOptions() }))
    expect(error.failures).toEqual([
      expect.objectContaining({ key: 'pay', field: 'endpoint', service: 'payments', source: 'ssm', id: '/payments/prod/endpoint', code: 'ParameterNotFound' }),
      expect.objectContaining({
        key: 'pay',
        field: 'apiKey',
        service: 'payments',
        source: 'secretsmanager',
        id: 'payments/prod/api-key',
        code: 'ResourceNotFoundException',
      }),
    ])
    expect(error.message).toBe(
      '2 registry values could not be resolved: pay.endpoint (ssm /payments/prod/endpoint: ParameterNotFound), pay.apiKey (secretsmanager payments/prod/api-key: ResourceNotFoundException)',
    )
  })

  it('applies the service’s cacheExpiry to its fields, and refresh() refetches all of them', async () => {
    const events: RegistryEvent[] = []
    const orders = registry({
      fetch: { orders: service('orders', { stage: 'prod', cacheExpiry: 0 }) },
      onEvent: (event) => events.push(event),
      ...testOptions(),
    })
    await invoke(orders)
    await invoke(orders)
    expect(ssmMock.commandCalls(GetParametersCommand)).toHaveLength(2)
    const refreshed = await orders.refresh('orders')
    expect(refreshed.orders.apiKey).toBe(ORDERS_KEY)
    expect(events.filter((event) => event.type === 'refresh').map((event) => event.key)).toEqual(['orders.endpoint', 'orders.apiKey'])
  })

  it('batches the API keys of many services into BatchGetSecretValue', async () => {
    serveSecrets({ 'a/prod/api-key': 'a', 'b/prod/api-key': 'b' })
    serveParameters({ '/a/prod/endpoint': 'https://a', '/b/prod/endpoint': 'https://b' })
    const context = await invoke(registry({ fetch: { a: service('a'), b: service('b') }, stage: 'prod', ...testOptions() }))
    expect(context.b.apiKey).toBe('b')
    expect(secretsMock.commandCalls(BatchGetSecretValueCommand)).toHaveLength(1)
  })
})

describe('service() validates its declaration', () => {
  const anyService = service as (name: unknown, options?: unknown) => unknown

  it.each([
    ['an invalid name', () => anyService('orders/prod'), /service\(\): the service name must be 1-128 letters, digits or _ \. -/],
    ['an unknown option', () => anyService('orders', { stages: 'prod' }), /unknown option "stages"/],
    ['fields with extra', () => anyService('orders', { fields: {}, extra: {} }), /option "fields" replaces the convention/],
    [
      'an unknown placeholder',
      () => anyService('orders', { convention: { endpoint: '/{env}/{service}' } }),
      /convention\.endpoint has unknown placeholder \{env\}/,
    ],
    ['a bad stage', () => anyService('orders', { stage: 'prod env' }), /option "stage" must be 1-128 letters/],
  ])('rejects %s', (_label, declare, problem) => {
    expect(declare).toThrow(problem)
  })

  it('names the service when its convention yields an invalid name', () => {
    expect(() =>
      registry({ fetch: { orders: service('orders', { stage: 'prod', convention: { endpoint: '{service} {stage}' } }) }, ...testOptions() }),
    ).toThrow(/registry\(\): fetch\.orders \(service "orders"\): ssm\(\): parameter name .* has " " at position 7/)
  })

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a field named %p, which would not become a field of the service’s object', (field) => {
    expect(() => service('orders', { extra: { [field]: ssm('/orders/prod/x') } })).toThrow(
      new TypeError(
        `service("orders"): option "extra" cannot have the key "${field}": __proto__, constructor and prototype would reach the object's prototype instead of becoming a property; choose another key`,
      ),
    )
  })

  it('refuses fields whose prototype a literal { __proto__: … } set, which declares no field', () => {
    expect(() => service('legacy', { fields: { __proto__: ssm('/old/legacy-url') } })).toThrow(
      /service\("legacy"\): option "fields" must be a plain object, but its prototype is neither Object\.prototype nor null/,
    )
  })

  it('refuses a reserved field name that a fields function returns, when the registry is declared', () => {
    const legacy = service('legacy', { fields: () => ({ endpoint: ssm('/old/legacy-url'), constructor: ssm('/old/x') }) })
    expect(() => registry({ fetch: { legacy }, stage: 'prod', ...testOptions() })).toThrow(
      /registry\(\): fetch\.legacy \(service "legacy"\): option "fields" gave an object that cannot have the key "constructor"/,
    )
  })

  it('rejects a field that is not a reference', () => {
    const legacy = service('legacy', { fields: { endpoint: '/old/url' } as never })
    expect(() => registry({ fetch: { legacy }, ...testOptions() })).toThrow(/fetch\.legacy \(service "legacy"\): field "endpoint" is not a reference/)
  })
})
