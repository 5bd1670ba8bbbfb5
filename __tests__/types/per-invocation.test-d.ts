// Type tests: compiled by `npm run test:types`; a wrong inference fails the build.
import middy from '@middy/core'
import type { Context } from 'aws-lambda'
import { expectTypeOf } from 'expect-type'
import { defineSource, dynamo, type IdFunction, type InvocationRequest, registry, retryOnAuthFailure, s3, secret, ssm } from '../../src/index.js'
import { stubRegistry } from '../../src/testing/index.js'

interface TenantEvent {
  tenantId: string
}

const vault = defineSource({ name: 'vault', read: async (ids) => Object.fromEntries(ids.map((id) => [id, id])) })

// A per-invocation reference resolves to the same type as a fixed one.
const tenants = registry({
  fetch: {
    // The request's event is `any` unless the function names its type.
    apiKey: secret((request) => `tenants/${request.event.tenantId}/api-key`),
    url: ssm(({ event }: InvocationRequest<TenantEvent>) => `/tenants/${event.tenantId}/url`),
    hosts: ssm.list(({ context }) => `/tenants/${context.tenantId}/hosts`),
    limits: ssm.json<{ rps: number }>(({ event }: InvocationRequest<TenantEvent>) => `/tenants/${event.tenantId}/limits`),
    features: ssm.path(({ event }) => `/tenants/${event.tenantId}/features/`),
    db: secret.json<{ user: string }>(({ event }) => `tenants/${event.tenantId}/db`),
    cert: secret.binary(({ event }) => `tenants/${event.tenantId}/cert`),
    maybe: secret(({ event }) => `tenants/${event.tenantId}/maybe`, { optional: true }),
    banner: s3('acme-config', ({ event }) => `tenants/${event.tenantId}/banner.txt`),
    item: dynamo('tenants', ({ event }: InvocationRequest<TenantEvent>) => ({ partition: event.tenantId, sort: 'prod' })),
    token: vault(({ event }) => `kv/${event.tenantId}`),
    orders: ssm('/orders/prod/endpoint'),
  },
  maxEntries: 5_000,
})

middy<TenantEvent>()
  .use(tenants)
  .handler(async (_event, context) => {
    expectTypeOf(context.apiKey).toEqualTypeOf<string>()
    expectTypeOf(context.url).toEqualTypeOf<string>()
    expectTypeOf(context.hosts).toEqualTypeOf<string[]>()
    expectTypeOf(context.limits).toEqualTypeOf<{ rps: number }>()
    expectTypeOf(context.features).toEqualTypeOf<Record<string, string>>()
    expectTypeOf(context.db).toEqualTypeOf<{ user: string }>()
    expectTypeOf(context.cert).toEqualTypeOf<Uint8Array>()
    expectTypeOf(context.maybe).toEqualTypeOf<string | undefined>()
    expectTypeOf(context.banner).toEqualTypeOf<string>()
    expectTypeOf(context.item).toEqualTypeOf<string>()
    expectTypeOf(context.token).toEqualTypeOf<string>()
  })

// The function gets the request: its event and the Lambda context.
expectTypeOf<Parameters<IdFunction>[0]['context']>().toEqualTypeOf<Context>()
expectTypeOf<Parameters<IdFunction<string, TenantEvent>>[0]['event']>().toEqualTypeOf<TenantEvent>()

// @ts-expect-error an id function returns a string
secret(() => 42)
// @ts-expect-error a DynamoDB key function returns a key
dynamo('tenants', () => 42)
// @ts-expect-error the bucket is fixed: only the key may be computed
s3(() => 'bucket', 'key')

// values() and refresh() take the request the ids are computed from.
const request: InvocationRequest<TenantEvent> = { event: { tenantId: 'acme' }, context: {} as Context }
expectTypeOf(tenants.values(request)).resolves.toHaveProperty('apiKey').toEqualTypeOf<string>()
expectTypeOf(tenants.values(request)).resolves.toHaveProperty('item').toEqualTypeOf<string>()
expectTypeOf(tenants.refresh(request, 'apiKey')).resolves.toEqualTypeOf<{ apiKey: string }>()
expectTypeOf(tenants.refresh('orders')).resolves.toEqualTypeOf<{ orders: string }>()
// @ts-expect-error only declared keys can be refreshed
void tenants.refresh(request, 'apiKee')

// retryOnAuthFailure takes the request for a per-invocation key.
middy<TenantEvent>()
  .use(tenants)
  .handler(async (event, context) => retryOnAuthFailure(tenants, context, 'apiKey', (key) => key.length, { request: { event, context } }))

// Stubs by key are typed as for fixed references.
stubRegistry(tenants, { apiKey: 'k', limits: { rps: 1 } })
// @ts-expect-error a stub has the key's type
stubRegistry(tenants, { apiKey: 42 })

// @ts-expect-error maxEntries is a number
registry({ fetch: { url: ssm('/x') }, maxEntries: '10' })
