// Type tests for appConfig(): a configuration, typed JSON and feature flags are typed on the context from the declaration.
import middy from '@middy/core'
import { expectTypeOf } from 'expect-type'
import { appConfig, type FeatureFlag, type FeatureFlags, type Reference, registry } from '../../src/index.js'

const ORDERS = { application: 'orders', environment: 'prod', profile: 'settings' } as const

interface CheckoutFlags {
  checkout: { enabled: boolean; percentage: number }
  legacy: { enabled: boolean }
}

const configuration = registry({
  fetch: {
    settings: appConfig(ORDERS),
    limits: appConfig.json<{ rps: number }>(ORDERS, { cacheExpiry: 60_000 }),
    maybe: appConfig.json<{ rps: number }>(ORDERS, { optional: true }),
    flags: appConfig.flags(ORDERS),
    checkout: appConfig.flags<CheckoutFlags>(ORDERS, { agent: true }),
    viaPort: appConfig.flags<CheckoutFlags>(ORDERS, { agent: { port: 2773 }, optional: true }),
  },
  clients: { appConfig: { send: async () => ({}) } },
})

middy()
  .use(configuration)
  .handler(async (_event, context) => {
    expectTypeOf(context.settings).toEqualTypeOf<unknown>()
    expectTypeOf(context.limits).toEqualTypeOf<{ rps: number }>()
    expectTypeOf(context.maybe).toEqualTypeOf<{ rps: number } | undefined>()
    expectTypeOf(context.flags).toEqualTypeOf<FeatureFlags>()
    expectTypeOf(context.flags.anything!.enabled).toEqualTypeOf<boolean>()
    expectTypeOf(context.checkout.checkout.percentage).toEqualTypeOf<number>()
    expectTypeOf(context.viaPort).toEqualTypeOf<CheckoutFlags | undefined>()
    // @ts-expect-error cached values are shared by every invocation: flags are read-only
    context.flags.checkout = { enabled: false }
  })

expectTypeOf(appConfig.json<{ rps: number }>(ORDERS)).toEqualTypeOf<Reference<{ rps: number }>>()
expectTypeOf<FeatureFlag['enabled']>().toEqualTypeOf<boolean>()
expectTypeOf(configuration.refresh('limits')).resolves.toEqualTypeOf<{ limits: { rps: number } }>()

// @ts-expect-error the location needs a profile
appConfig({ application: 'orders', environment: 'prod' })
// @ts-expect-error the location is one object, not a path
appConfig('orders/prod/settings')
// @ts-expect-error the agent is true, false or { port }
appConfig(ORDERS, { agent: 2772 })
// @ts-expect-error decrypt is an SSM option
appConfig(ORDERS, { decrypt: true })
// @ts-expect-error every flag has an enabled boolean
appConfig.flags<{ checkout: { percentage: number } }>(ORDERS)
