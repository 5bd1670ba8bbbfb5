// Type tests for `default` and `onChange`: compiled by `npm run test:types`.
import { expectTypeOf } from 'expect-type'
import { type RegistryChange, type RegistryContext, registry, secret, service, ssm } from '../../src/index.js'

// A default keeps `undefined` out of the value's type, and has the value's type.
const fetch = {
  url: ssm('/orders/endpoint', { default: 'https://fallback.example.com' }),
  zones: ssm.list('/orders/zones', { default: ['a'] }),
  limits: ssm.json<{ rps: number }>('/orders/limits', { default: { rps: 5 } }),
  inferred: ssm.json('/orders/inferred', { default: { burst: 10 } }),
  key: secret('orders/api-key', { default: '' }),
  db: secret.json<{ user: string }>('db', { default: { user: 'readonly' } }),
  cert: secret.binary('tls/cert', { default: new Uint8Array() }),
  maybe: ssm('/orders/maybe', { optional: true }),
}
registry({ fetch })
declare const context: RegistryContext<typeof fetch>
expectTypeOf(context.url).toEqualTypeOf<string>()
expectTypeOf(context.zones).toEqualTypeOf<string[]>()
expectTypeOf(context.limits).toEqualTypeOf<{ rps: number }>()
expectTypeOf(context.inferred).toEqualTypeOf<{ burst: number }>()
expectTypeOf(context.key).toEqualTypeOf<string>()
expectTypeOf(context.db).toEqualTypeOf<{ user: string }>()
expectTypeOf(context.cert).toEqualTypeOf<Uint8Array>()
expectTypeOf(context.maybe).toEqualTypeOf<string | undefined>()

// @ts-expect-error the default of ssm() is a string
ssm('/a', { default: 1 })
// @ts-expect-error the default of ssm.json<T>() is a T
ssm.json<{ rps: number }>('/a', { default: { rps: '5' } })
// @ts-expect-error the default of secret.binary() is a Uint8Array
secret.binary('a', { default: 'bytes' })
// @ts-expect-error optional and default exclude each other
secret('a', { optional: true, default: 'x' })
// @ts-expect-error an empty path resolves to {}: no default
ssm.path('/features/', { default: {} })

// onChange: the change's value() is typed by its key; a service's change is a field's, unknown.
registry({
  fetch: { url: ssm('/orders/endpoint'), limits: ssm.json<{ rps: number }>('/orders/limits'), orders: service('orders', { stage: 'prod' }) },
  onChange: (change) => {
    expectTypeOf(change).toExtend<RegistryChange>()
    if (change.key === 'url') expectTypeOf(change.value()).toEqualTypeOf<string>()
    if (change.key === 'limits') expectTypeOf(change.value()).toEqualTypeOf<{ rps: number }>()
    if (change.key === 'orders') expectTypeOf(change.value()).toEqualTypeOf<unknown>()
    // @ts-expect-error not a declared key
    if (change.key === 'other') return
  },
})
// An async callback is accepted; its promise is not awaited by the invocation.
registry({ fetch: { url: ssm('/a') }, onChange: async () => {} })
// @ts-expect-error onChange is a function
registry({ fetch: { url: ssm('/a') }, onChange: 'rebuild' })
