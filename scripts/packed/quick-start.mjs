// The tour of every reference kind (docs/reference-kinds.md), as a user runs it from the installed package (plain ESM, no
// TypeScript, no AWS SDK installed): MIDDY_REGISTRY_LOCAL points at registry.local.json.

import assert from 'node:assert/strict'
import middy from '@middy/core'
import { RegistryError, registry, secret, ssm } from 'middy-registry'

const fetch = {
  ordersUrl: ssm('/orders/prod/endpoint'),
  hosts: ssm.list('/orders/prod/hosts'),
  limits: ssm.json('/orders/prod/limits'),
  features: ssm.path('/features/prod/'),
  shared: ssm('arn:aws:ssm:eu-west-1:111111111111:parameter/shared/endpoint'),
  pinned: ssm('/orders/prod/endpoint:3'),
  ordersKey: secret('orders/prod/api-key'),
  db: secret.json('db/prod'),
  cert: secret.binary('tls/cert'),
}
const handler = middy()
  .use(registry({ fetch }))
  .handler(async (_event, context) => Object.fromEntries(Object.keys(fetch).map((key) => [key, context[key]])))

const lambdaContext = () => ({ functionName: 'quick-start', awsRequestId: 'packed-1', getRemainingTimeInMillis: () => 3_000 })
const context = lambdaContext()
const values = await handler({}, context)

assert.equal(values.ordersUrl, 'https://orders.internal.example.com/v2')
assert.deepEqual(values.hosts, ['orders-a.example.com', 'orders-b.example.com'])
assert.deepEqual(values.limits, { rps: 200 })
assert.deepEqual(values.features, { 'checkout-v2': 'on', 'search/ranking': 'ml-v3' })
assert.equal(values.shared, 'https://shared.example.com')
assert.equal(values.pinned, 'https://orders-v1.internal.example.com')
assert.equal(values.ordersKey, 'packed-test-key')
assert.deepEqual(values.db, { user: 'orders_app', password: 'packed-test-password' })
assert.equal(Buffer.from(values.cert).toString('utf8'), 'hello')
// Secrets are on the context but never serialised with it.
const logged = JSON.stringify(context)
assert.ok(logged.includes('orders.internal.example.com') && !logged.includes('packed-test-'), logged)

const broken = middy()
  .use(registry({ fetch: { missing: ssm('/orders/prod/nowhere') } }))
  .handler(async () => 'unreachable')
await assert.rejects(broken({}, lambdaContext()), (error) => {
  assert.ok(error instanceof RegistryError)
  assert.deepEqual(
    error.failures.map(({ key, code }) => ({ key, code })),
    [{ key: 'missing', code: 'ParameterNotFound' }],
  )
  return true
})
console.log('quick start: ok')
