// Type tests for dynamo() and the DynamoDB service convention: values are typed on the context from the declaration.
import middy from '@middy/core'
import { expectTypeOf } from 'expect-type'
import { type DynamoConvention, dynamo, type Reference, registry, type ServiceConvention, service } from '../../src/index.js'

const TABLE = 'service-registry'

const items = registry({
  fetch: {
    url: dynamo(TABLE, 'orders'),
    byKeys: dynamo(TABLE, { partition: 'orders', sort: 'prod' }, { partitionKey: 'service', sortKey: 'stage', attribute: 'endpoint' }),
    byNumber: dynamo(TABLE, { partition: 42 }, { consistentRead: true }),
    maybe: dynamo(TABLE, 'billing', { optional: true }),
    limits: dynamo.json<{ rps: number }>(TABLE, 'orders', { attribute: 'limits' }),
    untyped: dynamo.json(TABLE, 'orders'),
    maybeLimits: dynamo.json<{ rps: number }>(TABLE, 'orders', { optional: true, cacheExpiry: 60_000 }),
    central: dynamo('arn:aws:dynamodb:eu-central-1:111111111111:table/registry', 'orders', {
      assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/reader' },
    }),
  },
  clients: { dynamodb: { send: async () => ({}) } },
})

middy()
  .use(items)
  .handler(async (_event, context) => {
    expectTypeOf(context.url).toEqualTypeOf<string>()
    expectTypeOf(context.byKeys).toEqualTypeOf<string>()
    expectTypeOf(context.byNumber).toEqualTypeOf<string>()
    expectTypeOf(context.maybe).toEqualTypeOf<string | undefined>()
    expectTypeOf(context.limits).toEqualTypeOf<{ rps: number }>()
    expectTypeOf(context.untyped).toEqualTypeOf<unknown>()
    expectTypeOf(context.maybeLimits).toEqualTypeOf<{ rps: number } | undefined>()
    expectTypeOf(context.central).toEqualTypeOf<string>()
  })

expectTypeOf(dynamo(TABLE, 'orders')).toEqualTypeOf<Reference<string>>()
expectTypeOf(items.refresh('limits')).resolves.toEqualTypeOf<{ limits: { rps: number } }>()

// A DynamoDB convention, for the registry or one service.
const services = registry({
  fetch: {
    orders: service('orders'),
    search: service('search', { apiKey: false, attributes: { timeoutMs: 'json', region: 'string' } }),
    billing: service('billing', { convention: { table: 'billing-registry', endpointAttribute: 'url' }, attributes: { tier: 'string' } }),
  },
  stage: 'prod',
  convention: { table: TABLE, partitionKey: 'service', sortKey: 'stage', consistentRead: true },
})

middy()
  .use(services)
  .handler(async (_event, context) => {
    expectTypeOf(context.orders).toEqualTypeOf<{ endpoint: string; apiKey: string }>()
    expectTypeOf(context.search).toEqualTypeOf<{ endpoint: string; timeoutMs: unknown; region: string }>()
    expectTypeOf(context.billing).toEqualTypeOf<{ endpoint: string; apiKey: string; tier: string }>()
  })

expectTypeOf<DynamoConvention>().toMatchTypeOf<ServiceConvention>()

// @ts-expect-error the key is a string or { partition, sort }
dynamo(TABLE, 42)
// @ts-expect-error the key needs a partition value
dynamo(TABLE, { sort: 'prod' })
// @ts-expect-error consistentRead is a boolean
dynamo(TABLE, 'orders', { consistentRead: 'yes' })
// @ts-expect-error decrypt belongs to ssm()
dynamo(TABLE, 'orders', { decrypt: true })
// @ts-expect-error an attribute is read as 'string' or 'json'
service('orders', { attributes: { timeoutMs: 'number' } })
// @ts-expect-error a DynamoDB convention needs its table
registry({ fetch: { orders: service('orders') }, convention: { partitionKey: 'service' } })
