// Importing the testing module first switches this test file's process to test mode.

import { afterEach, describe, expect, it } from '@jest/globals'
import { dynamo, registry } from '../../../src/index.js'
import { failure, missing, resetRegistryStubs, stubReference, stubRegistry } from '../../../src/testing/index.js'
import { invoke, invokeFailing } from '../helpers.js'
import { dynamoMock } from '../mocks.js'

const orders = registry({
  fetch: {
    url: dynamo('registry', 'orders'),
    limits: dynamo.json<{ rps: number }>('registry', 'orders', { attribute: 'limits' }),
    flag: dynamo('registry', 'flags', { optional: true }),
  },
})

describe('middy-registry/testing with DynamoDB references', () => {
  afterEach(() => resetRegistryStubs())

  it('serves stubbed items without calling DynamoDB', async () => {
    stubRegistry(orders, { url: 'https://orders.test', limits: { rps: 5 }, flag: 'on' })

    const context = await invoke(orders)

    expect({ url: context.url, limits: context.limits, flag: context.flag }).toEqual({ url: 'https://orders.test', limits: { rps: 5 }, flag: 'on' })
    expect(dynamoMock.calls()).toHaveLength(0)
  })

  it('simulates a missing item with ItemNotFound, or undefined when optional', async () => {
    stubRegistry(orders, { url: missing(), limits: failure('AttributeNotFound'), flag: missing() })

    const error = await invokeFailing(orders)

    expect(error.failures.map(({ key, source, code }) => `${key}: ${source} ${code}`)).toEqual([
      'url: dynamodb ItemNotFound',
      'limits: dynamodb AttributeNotFound',
    ])
  })

  it('stubs one attribute of an item without stubbing its other attributes', async () => {
    stubReference(dynamo('registry', 'orders'), 'https://shared.test')
    stubReference(dynamo('registry', 'flags'), 'off')

    const error = await invokeFailing(orders)

    expect(error.failures.map(({ key, code }) => `${key}: ${code}`)).toEqual(['limits: NotStubbed'])
    stubReference(dynamo.json('registry', 'orders', { attribute: 'limits' }), { rps: 1 })
    const context = await invoke(orders)
    expect([context.url, context.limits]).toEqual(['https://shared.test', { rps: 1 }])
  })
})
