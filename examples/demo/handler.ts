/**
 * A production Lambda handler, unchanged for local runs: it declares what it needs from
 * the central registry and receives it, typed, on the context. Nothing here knows about
 * the local file; `run.ts` points MIDDY_REGISTRY_LOCAL at it instead of AWS.
 *
 * It imports the package by name, as in your project: in this repository, tsconfig.json's
 * "paths" (which tsx follows) point `middy-registry` at the sources, so no build is needed.
 */
import middy from '@middy/core'
import { registry, secret, ssm } from 'middy-registry'

export interface OrderLookup {
  orderId: string
}

interface DatabaseSecret {
  engine: string
  host: string
  port: number
  username: string
  password: string
}

const registryMiddleware = registry({
  fetch: {
    ordersUrl: ssm('/orders/prod/endpoint'),
    ordersHosts: ssm.list('/orders/prod/hosts'),
    limits: ssm.json<{ rps: number; burst: number; timeoutMs: number }>('/orders/prod/limits'),
    features: ssm.path('/features/prod/'),
    ordersApiKey: secret('orders/prod/api-key'),
    db: secret.json<DatabaseSecret>('db/prod'),
  },
})
// Lambda's init phase lasts until the values are cached, so the first invocation waits for nothing.
await registryMiddleware.ready()

export const handler = middy<OrderLookup>()
  .use(registryMiddleware)
  .handler(async (event, context) => {
    // What a real function does with these values: describe the call it would make.
    // Secrets go where they are used (a header, a connection); never into the response or logs.
    const headers = { 'x-api-key': context.ordersApiKey }
    return {
      request: { method: 'GET', url: `${context.ordersUrl}/orders/${event.orderId}`, timeoutMs: context.limits.timeoutMs },
      authenticated: headers['x-api-key'].length > 0,
      fallbackHosts: context.ordersHosts.slice(1),
      checkoutV2: context.features['checkout-v2'] === 'on',
      databaseReady: context.db.engine === 'postgres' && context.db.password.length > 0,
    }
  })
