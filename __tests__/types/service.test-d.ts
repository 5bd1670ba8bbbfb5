// Type tests for service(): the object on the context is typed from the declaration.
import middy from '@middy/core'
import { expectTypeOf } from 'expect-type'
import { registry, secret, service, ssm } from '../../src/index.js'

const services = registry({
  fetch: {
    orders: service('orders'),
    billing: service('billing', { stage: 'staging', apiKey: false }),
    legacy: service('legacy', { fields: { endpoint: ssm('/old/legacy-url'), token: secret('legacy/token') } }),
    search: service('search', {
      extra: ({ service: name, stage }) => ({ timeoutMs: ssm.json<number>(`/${name}/${stage}/timeout-ms`), hosts: ssm.list(`/${name}/${stage}/hosts`) }),
    }),
    flags: service('flags', { apiKey: false, extra: { beta: ssm('/flags/beta', { optional: true }) } }),
  },
  stage: 'prod',
})

middy()
  .use(services)
  .handler(async (_event, context) => {
    expectTypeOf(context.orders).toEqualTypeOf<{ endpoint: string; apiKey: string }>()
    expectTypeOf(context.billing).toEqualTypeOf<{ endpoint: string }>()
    expectTypeOf(context.legacy).toEqualTypeOf<{ endpoint: string; token: string }>()
    expectTypeOf(context.search).toEqualTypeOf<{ endpoint: string; apiKey: string; timeoutMs: number; hosts: string[] }>()
    expectTypeOf(context.flags).toEqualTypeOf<{ endpoint: string; beta: string | undefined }>()
    // @ts-expect-error billing was declared without its API key
    context.billing.apiKey
  })

// refresh() takes the service's key.
expectTypeOf(services.refresh('orders')).resolves.toEqualTypeOf<{ orders: { endpoint: string; apiKey: string } }>()

// @ts-expect-error apiKey is a boolean
service('orders', { apiKey: 'yes' })
// @ts-expect-error stage is a string
service('orders', { stage: 1 })
