import { describe, expect, it } from '@jest/globals'
import { checkRegistryFile } from '../../../src/registry-file/check-file.js'
import { entriesOf } from '../../../src/registry-file/entries.js'

const registry = (stages: Record<string, unknown>, convention?: unknown) => checkRegistryFile({ version: 1, ...(convention ? { convention } : {}), stages })
const orders = { endpoint: 'https://orders.example.com', apiKey: { fromEnv: 'ORDERS_KEY' }, tags: { team: 'orders' } }

describe('the entries a registry file gives', () => {
  it('turns a service into its endpoint parameter and API key secret by the default convention', () => {
    expect(entriesOf(registry({ prod: { services: { orders } } }))).toEqual([
      {
        kind: 'parameter',
        name: '/orders/prod/endpoint',
        type: 'String',
        value: 'https://orders.example.com',
        tags: { team: 'orders' },
        stage: 'prod',
        origin: 'stages.prod.services.orders.endpoint',
      },
      {
        kind: 'secret',
        name: 'orders/prod/api-key',
        source: { fromEnv: 'ORDERS_KEY' },
        tags: { team: 'orders' },
        service: 'orders',
        stage: 'prod',
        origin: 'stages.prod.services.orders.apiKey',
      },
    ])
  })

  it('gives a service without apiKey its endpoint only', () => {
    expect(entriesOf(registry({ prod: { services: { billing: { endpoint: 'https://billing.example.com' } } } })).map(({ kind }) => kind)).toEqual(['parameter'])
  })

  it('follows the file’s convention templates', () => {
    const entries = entriesOf(
      registry({ prod: { services: { orders } } }, { endpoint: '/registry/{stage}/{service}/url', apiKey: 'registry/{stage}/{service}/key' }),
    )
    expect(entries.map((entry) => entry.kind !== 'item' && entry.name)).toEqual(['/registry/prod/orders/url', 'registry/prod/orders/key'])
  })

  it('turns a service into one item under a DynamoDB convention, its API key still a secret', () => {
    const convention = { table: 'registry', apiKey: 'keys/{service}/{stage}' }
    const service = { ...orders, attributes: { timeoutMs: 2500 } }
    expect(entriesOf(registry({ prod: { services: { orders: service } } }, convention))).toEqual([
      {
        kind: 'item',
        table: 'registry',
        item: { timeoutMs: 2500, service: 'orders', stage: 'prod', endpoint: 'https://orders.example.com' },
        stage: 'prod',
        origin: 'stages.prod.services.orders',
      },
      {
        kind: 'secret',
        name: 'keys/orders/prod',
        source: { fromEnv: 'ORDERS_KEY' },
        tags: { team: 'orders' },
        service: 'orders',
        stage: 'prod',
        origin: 'stages.prod.services.orders.apiKey',
      },
    ])
  })

  it('uses the DynamoDB convention’s attribute names', () => {
    const convention = { table: 'registry', partitionKey: 'pk', sortKey: 'sk', endpointAttribute: 'url' }
    const [item] = entriesOf(registry({ prod: { services: { billing: { endpoint: 'https://b.example.com' } } } }, convention))
    expect(item).toMatchObject({ kind: 'item', item: { pk: 'billing', sk: 'prod', url: 'https://b.example.com' } })
  })

  it('gives parameters, secrets and items with their places in the file', () => {
    const entries = entriesOf(
      registry({
        prod: {
          parameters: { '/features/prod/x': 'on', '/p/secure': { secure: { prompt: true } } },
          secrets: { 'db/prod': { declared: true } },
          dynamo: { flags: [{ pk: 'a' }, { pk: 'b' }] },
        },
      }),
    )
    expect(entries.map(({ kind, origin }) => `${kind} ${origin}`)).toEqual([
      'parameter stages.prod.parameters["/features/prod/x"]',
      'parameter stages.prod.parameters["/p/secure"]',
      'secret stages.prod.secrets["db/prod"]',
      'item stages.prod.dynamo.flags[0]',
      'item stages.prod.dynamo.flags[1]',
    ])
  })

  it('gives one stage’s entries when asked for one', () => {
    const file = registry({ prod: { services: { orders } }, dev: { services: { billing: { endpoint: 'https://b.example.com' } } } })
    expect(entriesOf(file, 'dev').map((entry) => entry.kind !== 'item' && entry.name)).toEqual(['/billing/dev/endpoint'])
  })

  it('refuses a stage the file does not have', () => {
    expect(() => entriesOf(registry({ prod: {} }), 'dev')).toThrow('stages has no stage "dev" (it has: prod)')
  })

  it('refuses two places that give one parameter', () => {
    const file = registry({ prod: { services: { orders: { endpoint: 'https://o.example.com' } }, parameters: { '/orders/prod/endpoint': 'x' } } })
    expect(() => entriesOf(file)).toThrow(
      'the registry file gives the parameter /orders/prod/endpoint twice: at stages.prod.services.orders.endpoint and at stages.prod.parameters["/orders/prod/endpoint"]',
    )
  })

  it('refuses a convention without {stage} that gives two stages the same names, even when one stage is asked for', () => {
    const file = registry({ prod: { services: { orders } }, dev: { services: { orders } } }, { endpoint: '/{service}/endpoint', apiKey: '{service}/key' })
    expect(() => entriesOf(file, 'prod')).toThrow('gives the parameter /orders/endpoint twice')
  })

  it('refuses a convention that gives an ARN', () => {
    const file = registry({ prod: { services: { orders } } }, { endpoint: 'arn:aws:ssm:eu-west-1:111111111111:parameter/{service}/{stage}' })
    expect(() => entriesOf(file)).toThrow('stages.prod.services.orders: convention.endpoint gives an ARN')
  })
})
