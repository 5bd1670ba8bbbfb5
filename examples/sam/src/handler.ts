/**
 * An orders client: it finds the orders service's endpoint in Parameter Store and its API
 * key in Secrets Manager, and calls it. The SAM template (and the CDK stack, which deploys
 * this same file) creates those entries and grants this function read access to exactly them.
 */
import middy from '@middy/core'
import { registry, retryOnAuthFailure, secret, ssm } from 'middy-registry'

// The stage names which entries to read (a locator, never a value); the template or stack sets it.
const stage = process.env.STAGE ?? 'dev'

export interface OrderLookup {
  orderId: string
}

export const orders = registry({
  fetch: {
    ordersUrl: ssm(`/orders/${stage}/endpoint`),
    limits: ssm.json<{ timeoutMs: number }>(`/orders/${stage}/limits`),
    features: ssm.path(`/features/${stage}/`),
    ordersKey: secret(`orders/${stage}/api-key`),
  },
})

// Keeps Lambda's init phase open until the values are cached, so the first invocation waits
// for nothing (never rejects: a failed prefetch is retried, and reported, by the invocation).
await orders.ready()

/** An HTTP error that keeps its status, so retryOnAuthFailure can tell a refused key. */
class HttpError extends Error {
  constructor(readonly status: number) {
    super(`orders service answered ${status}`)
  }
}

export const handler = middy<OrderLookup>()
  .use(orders)
  .handler(async (event, context) => {
    const url = `${context.ordersUrl}/orders/${encodeURIComponent(event.orderId)}`
    // If the key was rotated since it was cached, the service answers 401: refresh it once and retry.
    return retryOnAuthFailure(orders, context, 'ordersKey', async (key) => {
      const response = await fetch(url, {
        headers: { 'x-api-key': key },
        signal: AbortSignal.timeout(context.limits.timeoutMs),
      })
      if (!response.ok) throw new HttpError(response.status)
      const order = (await response.json()) as Record<string, unknown>
      return { ...order, expressCheckout: context.features['checkout-v2'] === 'on' }
    })
  })
