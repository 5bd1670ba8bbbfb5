// The same test with Node's own test runner: node --import tsx --test examples/testing/handler.node-test.ts

import assert from 'node:assert/strict'
import { afterEach, test } from 'node:test'
import type { Context } from 'aws-lambda'
import { failure, resetRegistryStubs, stubRegistry } from '../../src/testing/index.js'
import { handler, orders } from './handler.js'

const context = { functionName: 'orders-client', awsRequestId: 'test' } as Context

afterEach(() => resetRegistryStubs())

test('calls the orders service with the registry’s endpoint and key', async () => {
  stubRegistry(orders, { ordersUrl: 'https://orders.test', ordersKey: 'test-key' })
  const request = await handler({ orderId: '42' }, context as never)
  assert.deepEqual(request, { url: 'https://orders.test/orders/42', headers: { 'x-api-key': 'test-key' } })
})

test('fails with a RegistryError when the key cannot be read', async () => {
  stubRegistry(orders, { ordersUrl: 'https://orders.test', ordersKey: failure('AccessDeniedException') })
  await assert.rejects(handler({ orderId: '42' }, context as never), {
    name: 'RegistryError',
    message: /ordersKey \(secretsmanager orders\/prod\/api-key: AccessDeniedException\)/,
  })
})
