// The handler under test: it calls the orders service with an endpoint and key from the registry.
import middy from '@middy/core'
import { registry, secret, ssm } from '../../src/index.js'

export const orders = registry({
  fetch: {
    ordersUrl: ssm('/orders/prod/endpoint'),
    ordersKey: secret('orders/prod/api-key'),
  },
})

/** Builds the request the handler would send (a real handler would `fetch` it). */
export const handler = middy<{ orderId: string }>()
  .use(orders)
  .handler(async (event, context) => ({
    url: `${context.ordersUrl}/orders/${event.orderId}`,
    headers: { 'x-api-key': context.ordersKey },
  }))
