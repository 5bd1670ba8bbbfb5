import { beforeEach, describe, expect, it } from '@jest/globals'
import middy6 from '@middy/core'
import middy5 from 'middy-core-5'
import middy7 from 'middy-core-7'
import { registry, secret, ssm } from '../../../src/index.js'
import { lambdaContext } from '../helpers.js'
import { resetAll, serveParameters, serveSecrets } from '../mocks.js'

const API_KEY = 'key_for_every_middy'

// Each major's factory, typed loosely: the point here is run-time behaviour.
const majors: Array<[string, (...args: never[]) => any]> = [
  ['@middy/core 5', middy5],
  ['@middy/core 6', middy6],
  ['@middy/core 7', middy7],
]

describe.each(majors)('with %s', (_name, middy) => {
  beforeEach(() => {
    resetAll()
    serveParameters({ '/orders/prod/endpoint': 'https://orders.example.com' })
    serveSecrets({ 'orders/prod/api-key': API_KEY })
  })

  it('puts the declared values on the handler’s context', async () => {
    const orders = registry({
      fetch: { ordersUrl: ssm('/orders/prod/endpoint'), ordersKey: secret('orders/prod/api-key') },
      prefetch: false,
      awsClientOptions: { region: 'eu-west-1' },
    })
    const handler = middy()
      .use(orders)
      .handler(async (_event: unknown, context: Record<string, unknown>) => ({ url: context.ordersUrl, key: context.ordersKey, json: JSON.stringify(context) }))
    const result = await handler({}, lambdaContext())
    expect(result.url).toBe('https://orders.example.com')
    expect(result.key).toBe(API_KEY)
    expect(result.json).not.toContain(API_KEY)
  })
})
