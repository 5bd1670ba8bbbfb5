// The context is inferred through `.use()` with every @middy/core major we support.

import { expectTypeOf } from 'expect-type'
import middy5 from 'middy-core-5'
import middy7 from 'middy-core-7'
import { registry, secret, ssm } from '../../src/index.js'

const orders = registry({ fetch: { ordersUrl: ssm('/orders/prod/endpoint'), ordersKey: secret('orders/prod/api-key') } })

middy5()
  .use(orders)
  .handler(async (_event, context) => {
    expectTypeOf(context.ordersUrl).toEqualTypeOf<string>()
    expectTypeOf(context.ordersKey).toEqualTypeOf<string>()
    // @ts-expect-error undeclared
    context.missing
  })

middy7()
  .use(orders)
  .handler(async (_event, context) => {
    expectTypeOf(context.ordersUrl).toEqualTypeOf<string>()
    expectTypeOf(context.ordersKey).toEqualTypeOf<string>()
    // @ts-expect-error undeclared
    context.missing
  })
