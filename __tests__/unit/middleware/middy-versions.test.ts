import { beforeEach, describe, expect, it } from '@jest/globals'
import middy6 from '@middy/core'
import { getInternal } from '@middy/util'
import middy5 from 'middy-core-5'
import middy7 from 'middy-core-7'
import { registry, secret, ssm } from '../../../src/index.js'
import { lambdaContext } from '../helpers.js'
import { resetAll, serveParameters, serveSecrets } from '../mocks.js'

const API_KEY = 'key_for_every_middy'

// Each major's factory, typed loosely: the point here is run-time behaviour. The last
// column is what getInternal(true) lists of the registry's values: @middy/core 5, 6 and 7.0
// to 7.2 make request.internal a plain object, which the registry makes inherit the values;
// 7.3 and later (here 7.9) make it a null-prototype one, which the registry replaces by
// one holding the plain values as own properties and inheriting the secrets (docs/testing.md).
const majors: Array<[string, (...args: never[]) => any, string[]]> = [
  ['@middy/core 5', middy5, []],
  ['@middy/core 6', middy6, []],
  ['@middy/core 7', middy7, ['ordersUrl']],
]

describe.each(majors)('with %s', (_name, middy, listedByGetInternalTrue) => {
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

  it('lets getInternal read every value by name; getInternal(true) lists only what this major made own, never a secret', async () => {
    const orders = registry({
      fetch: { ordersUrl: ssm('/orders/prod/endpoint'), ordersKey: secret('orders/prod/api-key') },
      prefetch: false,
      awsClientOptions: { region: 'eu-west-1' },
    })
    let named: Record<string, unknown> = {}
    let all: Record<string, unknown> = {}
    const handler = middy()
      .use(orders)
      .before(async (request: { internal: Record<string, unknown> }) => {
        request.internal.traceId = 'set by another middleware'
        named = await getInternal(['ordersUrl', 'ordersKey'], request as never)
        all = await getInternal(true, request as never)
      })
      .handler(async () => undefined)
    await handler({}, lambdaContext())
    expect(named).toEqual({ ordersUrl: 'https://orders.example.com', ordersKey: API_KEY })
    expect(Object.keys(all).sort()).toEqual([...listedByGetInternalTrue, 'traceId'].sort())
  })
})
