// Type tests: compiled by `npm run test:types`; a wrong inference fails the build.
import middy from '@middy/core'
import type { Context } from 'aws-lambda'
import { expectTypeOf } from 'expect-type'
import { type RegistryContext, registry, secret, ssm } from '../../src/index.js'

const orders = registry({
  fetch: {
    ordersUrl: ssm('/orders/prod/endpoint'),
    hosts: ssm.list('/orders/prod/hosts'),
    limits: ssm.json<{ rps: number }>('/orders/prod/limits'),
    features: ssm.path('/features/prod/'),
    shared: ssm('arn:aws:ssm:eu-west-1:111111111111:parameter/shared/endpoint'),
    pinned: ssm('/orders/prod/endpoint:3'),
    ordersKey: secret('orders/prod/api-key'),
    db: secret.json<{ user: string; password: string }>('db/prod'),
    cert: secret.binary('tls/cert'),
    maybe: ssm('/orders/prod/optional', { optional: true }),
    maybeDb: secret.json<{ url: string }>('db/optional', { optional: true }),
    untyped: ssm.json('/orders/prod/anything'),
  },
  cacheExpiry: 5 * 60_000,
})

export const handler = middy()
  .use(orders)
  .handler(async (_event, context) => {
    expectTypeOf(context.ordersUrl).toEqualTypeOf<string>()
    expectTypeOf(context.hosts).toEqualTypeOf<string[]>()
    expectTypeOf(context.limits).toEqualTypeOf<{ rps: number }>()
    expectTypeOf(context.features).toEqualTypeOf<Record<string, string>>()
    expectTypeOf(context.shared).toEqualTypeOf<string>()
    expectTypeOf(context.pinned).toEqualTypeOf<string>()
    expectTypeOf(context.ordersKey).toEqualTypeOf<string>()
    expectTypeOf(context.db.password).toEqualTypeOf<string>()
    expectTypeOf(context.cert).toEqualTypeOf<Uint8Array>()
    expectTypeOf(context.maybe).toEqualTypeOf<string | undefined>()
    expectTypeOf(context.maybeDb).toEqualTypeOf<{ url: string } | undefined>()
    expectTypeOf(context.untyped).toEqualTypeOf<unknown>()
    // The Lambda context is still there.
    expectTypeOf(context.awsRequestId).toEqualTypeOf<string>()
    expectTypeOf(context.getRemainingTimeInMillis).toEqualTypeOf<() => number>()
    // @ts-expect-error a key that was not declared is a compile error
    context.orderUrl
    return context.ordersUrl
  })

// Two registries on one handler: the context holds both maps.
const billing = registry({ fetch: { billingUrl: ssm('/billing/prod/endpoint') } })
middy()
  .use(orders)
  .use(billing)
  .handler(async (_event, context) => {
    expectTypeOf(context.billingUrl).toEqualTypeOf<string>()
    expectTypeOf(context.ordersUrl).toEqualTypeOf<string>()
  })

// The exported context type names what a handler written apart receives.
type OrdersContext = RegistryContext<{ url: ReturnType<typeof ssm>; key: ReturnType<typeof secret> }>
expectTypeOf<OrdersContext['url']>().toEqualTypeOf<string>()
expectTypeOf<OrdersContext>().toMatchTypeOf<Context>()

// refresh() takes declared keys only, and resolves to their values.
expectTypeOf(orders.refresh('ordersKey')).resolves.toEqualTypeOf<{ ordersKey: string }>()
expectTypeOf(orders.refresh('hosts', 'db')).resolves.toEqualTypeOf<{ hosts: string[]; db: { user: string; password: string } }>()
// @ts-expect-error only declared keys can be refreshed
void orders.refresh('ordersUrll')

// middy-registry/testing: stubs are typed from the registry's map.
import { failure, stubReference, stubRegistry } from '../../src/testing/index.js'

stubRegistry(orders, { ordersUrl: 'https://orders.test', db: { user: 'u', password: 'p' }, ordersKey: failure('AccessDeniedException') })
// @ts-expect-error a stub has the key's type
stubRegistry(orders, { ordersUrl: 42 })
// @ts-expect-error only declared keys can be stubbed
stubRegistry(orders, { orderUrl: 'x' })
stubReference(ssm.json<{ rps: number }>('/orders/prod/limits'), { rps: 1 })
// @ts-expect-error a reference stub has the reference's type
stubReference(ssm.list('/orders/prod/hosts'), 'a,b')

// ready() awaits the prefetch.
expectTypeOf(orders.ready()).resolves.toEqualTypeOf<void>()

// values(): the same types, outside the handler chain.
export async function outsideMiddy() {
  const values = await orders.values()
  expectTypeOf(values.ordersUrl).toEqualTypeOf<string>()
  expectTypeOf(values.limits).toEqualTypeOf<{ rps: number }>()
  expectTypeOf(values.maybeDb).toEqualTypeOf<{ url: string } | undefined>()
  // @ts-expect-error only declared keys
  void values.undeclared
}
