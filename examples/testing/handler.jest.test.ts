// A jest test of a registry-backed handler: no AWS, no SDK mocks.
// Import middy-registry/testing before the handler, so the registry never prefetches.

import { afterEach, expect, it } from '@jest/globals'
import type { Context } from 'aws-lambda'
import { failure, resetRegistryStubs, stubRegistry } from '../../src/testing/index.js'
import { handler, orders } from './handler.js'

const context = { functionName: 'orders-client', awsRequestId: 'test' } as Context

afterEach(() => resetRegistryStubs())

it('calls the orders service with the registry’s endpoint and key', async () => {
  stubRegistry(orders, { ordersUrl: 'https://orders.test', ordersKey: 'test-key' })
  const request = await handler({ orderId: '42' }, context as never)
  expect(request).toEqual({ url: 'https://orders.test/orders/42', headers: { 'x-api-key': 'test-key' } })
})

it('fails with a RegistryError when the key cannot be read', async () => {
  stubRegistry(orders, { ordersUrl: 'https://orders.test', ordersKey: failure('AccessDeniedException') })
  await expect(handler({ orderId: '42' }, context as never)).rejects.toThrow(/ordersKey \(secretsmanager orders\/prod\/api-key: AccessDeniedException\)/)
})
