/**
 * An orders API on the Serverless Framework: `GET /orders/{orderId}` finds the orders
 * service's endpoint and limits in Parameter Store, the feature flags under a path and the
 * service's API key in Secrets Manager, and asks the service for that order.
 * serverless.yml grants this function read access to exactly what `registry()` declares here.
 */
import middy from '@middy/core'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { registry, retryOnAuthFailure, secret, ssm } from 'middy-registry'

// Which entries to read (a locator, never a value): serverless.yml sets it to the stage.
const stage = process.env.STAGE ?? 'dev'

export const orders = registry({
  fetch: {
    ordersUrl: ssm(`/orders/${stage}/endpoint`),
    limits: ssm.json<{ timeoutMs: number }>(`/orders/${stage}/limits`),
    features: ssm.path(`/features/${stage}/`),
    ordersKey: secret(`orders/${stage}/api-key`),
  },
})

/** The orders service's answer when it is not a 2xx, kept so that a refused key can be told apart. */
class UpstreamError extends Error {
  constructor(readonly status: number) {
    super(`orders service answered ${status}`)
  }
}

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(orders)
  .handler(async (event, context) => {
    const orderId = event.pathParameters?.orderId
    if (!orderId) return json(400, { message: 'orderId is required' })
    const url = `${context.ordersUrl}/orders/${encodeURIComponent(orderId)}`
    try {
      // A key rotated since it was cached is refused with 401: refresh it once and ask again.
      const order = await retryOnAuthFailure(orders, context, 'ordersKey', async (key) => {
        const response = await fetch(url, { headers: { 'x-api-key': key }, signal: AbortSignal.timeout(context.limits.timeoutMs) })
        if (!response.ok) throw new UpstreamError(response.status)
        return (await response.json()) as Record<string, unknown>
      })
      return json(200, { ...order, expressCheckout: context.features['checkout-v2'] === 'on' })
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) return json(404, { message: `no order ${orderId}` })
      throw error
    }
  })
