/** service() pointed at a DynamoDB convention: one item per service and stage, the API key in Secrets Manager. */

import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { registry, service, ssm } from '../../../src/index.js'
import { requestItemsSent, serveItems } from '../dynamo-store.js'
import { invoke, invokeFailing, testOptions } from '../helpers.js'
import { resetAll, secretsMock, serveParameters, serveSecrets } from '../mocks.js'

const TABLE = 'service-registry'
const ORDERS_KEY = 'orders_key_5c4b3a'

beforeEach(() => {
  resetAll()
  serveItems({
    [TABLE]: {
      key: ['service', 'stage'],
      items: [
        {
          service: { S: 'orders' },
          stage: { S: 'prod' },
          endpoint: { S: 'https://orders.example.com' },
          timeoutMs: { N: '2500' },
          region: { S: 'eu-west-1' },
          limits: { M: { rps: { N: '200' } } },
        },
        { service: { S: 'billing' }, stage: { S: 'prod' }, endpoint: { S: 'https://billing.example.com' } },
      ],
    },
    services: { key: ['name', 'env'], items: [{ name: { S: 'orders' }, env: { S: 'prod' }, url: { S: 'https://orders.custom.example.com' } }] },
  })
  serveSecrets({ 'orders/prod/api-key': ORDERS_KEY, 'keys/orders': 'custom-key' })
  serveParameters({ '/orders/prod/endpoint': 'https://orders.ssm.example.com' })
})

const convention = { table: TABLE } as const

describe('service() with a DynamoDB convention', () => {
  it('reads the endpoint from the service and stage item, and the API key from Secrets Manager, masked', async () => {
    const context = await invoke(registry({ fetch: { orders: service('orders') }, stage: 'prod', convention, ...testOptions() }))

    expect(context.orders).toEqual({ endpoint: 'https://orders.example.com' })
    expect(context.orders.apiKey).toBe(ORDERS_KEY)
    expect(JSON.stringify(context)).not.toContain(ORDERS_KEY)
    expect(requestItemsSent()).toEqual([{ [TABLE]: { Keys: [{ service: { S: 'orders' }, stage: { S: 'prod' } }] } }])
    expect(secretsMock.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId)).toEqual(['orders/prod/api-key'])
  })

  it('adds the declared attributes of the item, all from one read', async () => {
    const orders = service('orders', { apiKey: false, attributes: { timeoutMs: 'json', region: 'string', limits: 'json' } })

    const context = await invoke(registry({ fetch: { orders }, stage: 'prod', convention, ...testOptions() }))

    expect(context.orders).toEqual({ endpoint: 'https://orders.example.com', timeoutMs: 2500, region: 'eu-west-1', limits: { rps: 200 } })
    expect(requestItemsSent()).toHaveLength(1)
    expect(Object.isFrozen(context.orders)).toBe(true)
  })

  it('reads many services in one BatchGetItem', async () => {
    await invoke(
      registry({
        fetch: { orders: service('orders', { apiKey: false }), billing: service('billing', { apiKey: false }) },
        stage: 'prod',
        convention,
        ...testOptions(),
      }),
    )

    expect(requestItemsSent()).toEqual([
      {
        [TABLE]: {
          Keys: [
            { service: { S: 'orders' }, stage: { S: 'prod' } },
            { service: { S: 'billing' }, stage: { S: 'prod' } },
          ],
        },
      },
    ])
  })

  it('follows the convention attribute names, secret template and consistency', async () => {
    const custom = { table: 'services', partitionKey: 'name', sortKey: 'env', endpointAttribute: 'url', apiKey: 'keys/{service}', consistentRead: true }

    const context = await invoke(registry({ fetch: { orders: service('orders', { stage: 'prod', convention: custom }) }, ...testOptions() }))

    expect(context.orders.endpoint).toBe('https://orders.custom.example.com')
    expect(context.orders.apiKey).toBe('custom-key')
    expect(requestItemsSent()).toEqual([{ services: { Keys: [{ name: { S: 'orders' }, env: { S: 'prod' } }], ConsistentRead: true } }])
  })

  it('lets a service refine the registry convention, or replace it with one of the other kind', async () => {
    const fetch = {
      refined: service('orders', { apiKey: false, convention: { table: 'services', partitionKey: 'name', sortKey: 'env', endpointAttribute: 'url' } }),
      fromSsm: service('orders', { apiKey: false, convention: { endpoint: '/{service}/{stage}/endpoint' } }),
    }

    const context = await invoke(registry({ fetch, stage: 'prod', convention: { table: TABLE, consistentRead: true }, ...testOptions() }))

    expect(context.refined.endpoint).toBe('https://orders.custom.example.com')
    expect(context.fromSsm.endpoint).toBe('https://orders.ssm.example.com')
    expect(requestItemsSent()).toEqual([{ services: { Keys: [{ name: { S: 'orders' }, env: { S: 'prod' } }], ConsistentRead: true } }])
  })

  it('names the service, field and item of a missing service', async () => {
    const error = await invokeFailing(registry({ fetch: { pay: service('payments', { apiKey: false }) }, stage: 'prod', convention, ...testOptions() }))

    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'pay',
        field: 'endpoint',
        service: 'payments',
        source: 'dynamodb',
        id: `${TABLE} {"service":"payments","stage":"prod"}`,
        code: 'ItemNotFound',
      }),
    ])
  })

  it('names the field of a missing attribute', async () => {
    const error = await invokeFailing(
      registry({ fetch: { billing: service('billing', { apiKey: false, attributes: { timeoutMs: 'json' } }) }, stage: 'prod', convention, ...testOptions() }),
    )

    expect(error.message).toBe(
      `1 registry value could not be resolved: billing.timeoutMs (dynamodb ${TABLE} {"service":"billing","stage":"prod"}: AttributeNotFound)`,
    )
  })

  it('keeps extra fields beside the item’s', async () => {
    const orders = service('orders', { apiKey: false, extra: { legacy: ssm('/orders/prod/endpoint') } })

    const context = await invoke(registry({ fetch: { orders }, stage: 'prod', convention, ...testOptions() }))

    expect(context.orders).toEqual({ endpoint: 'https://orders.example.com', legacy: 'https://orders.ssm.example.com' })
  })
})

describe('a DynamoDB convention is validated where it is declared', () => {
  const anyService = service as (name: unknown, options?: unknown) => unknown
  const anyRegistry = (options: object) => () => registry({ fetch: { orders: service('orders') }, stage: 'prod', ...testOptions(), ...options })

  it.each([
    [
      'a bad table',
      () => anyService('orders', { convention: { table: 'a b' } }),
      'service("orders"): convention.table: the table name "a b" has " " at position 2',
    ],
    [
      'an unknown field',
      () => anyService('orders', { convention: { table: TABLE, endpoint: '/x' } }),
      'service("orders"): convention.endpoint is not a field of a DynamoDB convention (table, partitionKey, sortKey, endpointAttribute, apiKey, consistentRead)',
    ],
    [
      'an empty attribute name',
      () => anyService('orders', { convention: { table: TABLE, endpointAttribute: '' } }),
      'service("orders"): convention.endpointAttribute must be an attribute name of 1-255 characters, got an empty string',
    ],
    [
      'one attribute for both keys',
      () => anyService('orders', { convention: { table: TABLE, sortKey: 'service' } }),
      'service("orders"): convention.partitionKey and convention.sortKey name the same attribute',
    ],
    [
      'an unknown placeholder',
      () => anyService('orders', { convention: { table: TABLE, apiKey: '{env}/key' } }),
      'service("orders"): convention.apiKey has unknown placeholder {env} (use {service} and {stage})',
    ],
    [
      'consistentRead that is not a boolean',
      () => anyService('orders', { convention: { table: TABLE, consistentRead: 1 } }),
      'service("orders"): convention.consistentRead must be a boolean',
    ],
    [
      'attributes of an unknown decoding',
      () => anyService('orders', { attributes: { timeoutMs: 'number' } }),
      "service(\"orders\"): attributes.timeoutMs must be 'string' or 'json', got a string of 6 characters",
    ],
    [
      'attributes that shadow the endpoint',
      () => anyService('orders', { attributes: { endpoint: 'string' } }),
      'service("orders"): option "attributes" cannot declare "endpoint", a field the convention already gives',
    ],
    [
      'an attribute named "__proto__", which would not become a field',
      () => anyService('orders', { attributes: { ['__proto__']: 'string' } }),
      'service("orders"): option "attributes" cannot have the key "__proto__": __proto__, constructor and prototype would reach the object\'s prototype instead of becoming a property; choose another key',
    ],
    [
      'attributes with fields',
      () => anyService('orders', { fields: {}, attributes: { timeoutMs: 'json' } }),
      'option "fields" replaces the convention, so it cannot be combined with "extra", "apiKey", "convention" or "attributes"',
    ],
    ['a registry convention with a bad table', anyRegistry({ convention: { table: 'x' } }), 'registry(): convention.table: the table name "x" has 1 character'],
  ])('rejects %s', (_case, declare, message) => {
    expect(declare).toThrow(TypeError)
    expect(declare).toThrow(message)
  })

  it('rejects attributes without a DynamoDB convention, naming the service', () => {
    expect(anyRegistry({ fetch: { orders: service('orders', { attributes: { timeoutMs: 'json' } }) } })).toThrow(
      'registry(): fetch.orders (service "orders"): option "attributes" reads attributes of the service\'s DynamoDB item: it needs a convention with a table',
    )
  })
})
