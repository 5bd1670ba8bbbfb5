import { inspect } from 'node:util'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it } from '@jest/globals'
import middy from '@middy/core'
import { getInternal } from '@middy/util'
import { registry, secret, ssm } from '../../../src/index.js'
import { contextHandler, lambdaContext } from '../helpers.js'
import { resetAll, serveParameters, serveSecrets, ssmMock } from '../mocks.js'

const API_KEY = 'sk_live_api_key_7f3a9c'
const region = { awsClientOptions: { region: 'eu-west-1' } }

function ordersRegistry() {
  return registry({
    fetch: {
      ordersUrl: ssm('/orders/prod/endpoint'),
      limits: ssm.json<{ rps: number }>('/orders/prod/limits'),
      ordersKey: secret('orders/prod/api-key'),
    },
    prefetch: false,
    ...region,
  })
}

describe('resolved values land on the context under their declared names', () => {
  beforeEach(() => {
    resetAll()
    serveParameters({ '/orders/prod/endpoint': 'https://orders.example.com', '/orders/prod/limits': '{"rps":50}' })
    serveSecrets({ 'orders/prod/api-key': API_KEY })
  })

  it('puts every value on the context, keeping the Lambda context’s own properties', async () => {
    const context = await contextHandler(ordersRegistry())()
    expect(context.ordersUrl).toBe('https://orders.example.com')
    expect(context.limits).toEqual({ rps: 50 })
    expect(context.ordersKey).toBe(API_KEY)
    expect(context.awsRequestId).toBe('request-1')
  })

  it('keeps secrets out of JSON.stringify, util.inspect and Object.keys', async () => {
    const context = await contextHandler(ordersRegistry())()
    expect(JSON.stringify(context)).not.toContain(API_KEY)
    expect(inspect(context, { depth: 5 })).not.toContain(API_KEY)
    expect(Object.keys(context)).not.toContain('ordersKey')
    expect(JSON.stringify(context)).toContain('https://orders.example.com')
  })

  it('keeps secrets out of util.inspect even with showHidden, and out of spread copies', async () => {
    const context = await contextHandler(ordersRegistry())()
    expect(inspect(context, { depth: 5, showHidden: true })).not.toContain(API_KEY)
    expect(JSON.stringify({ ...context })).not.toContain(API_KEY)
    expect(Object.getOwnPropertyNames(context)).not.toContain('ordersKey')
    expect('ordersKey' in context).toBe(true)
  })

  it('lets the handler overwrite a secret on its own context without touching the next invocation’s', async () => {
    const invoke = contextHandler(ordersRegistry())
    const first = await invoke()
    ;(first as { ordersKey: string }).ordersKey = 'replaced'
    expect(first.ordersKey).toBe('replaced')
    expect((await invoke()).ordersKey).toBe(API_KEY)
  })

  it('serves the secrets of two registries on one handler', async () => {
    serveSecrets({ 'orders/prod/api-key': API_KEY, 'billing/prod/api-key': 'sk_billing_key' })
    const billing = registry({ fetch: { billingKey: secret('billing/prod/api-key') }, prefetch: false, ...region })
    let seen: Record<string, unknown> = {}
    const handler = middy()
      .use(ordersRegistry())
      .use(billing)
      .before(async (request) => {
        seen = await getInternal(['ordersKey', 'billingKey'], request)
      })
      .handler(async (_event: unknown, context: { ordersKey: string; billingKey: string }) => [context.ordersKey, context.billingKey])
    // middy types the wrapped handler's context as the enriched one; the runtime passes a plain one.
    const context = lambdaContext() as never
    expect(await handler({}, context)).toEqual([API_KEY, 'sk_billing_key'])
    expect(seen).toEqual({ ordersKey: API_KEY, billingKey: 'sk_billing_key' })
    expect(JSON.stringify(context)).not.toMatch(/sk_live_api_key_7f3a9c|sk_billing_key/)
    expect(inspect(context, { showHidden: true })).not.toContain(API_KEY)
  })

  it('never writes a value into process.env', async () => {
    await contextHandler(ordersRegistry())()
    expect(JSON.stringify(process.env)).not.toContain(API_KEY)
    expect(JSON.stringify(process.env)).not.toContain('orders.example.com')
  })

  it('puts the values on request.internal, where @middy/util’s getInternal finds them', async () => {
    let seen: Record<string, unknown> = {}
    const handler = middy()
      .use(ordersRegistry())
      .before(async (request) => {
        seen = await getInternal(['ordersUrl', 'ordersKey'], request)
      })
      .handler(async () => undefined)
    // middy types the wrapped handler's context as the enriched one; the runtime passes a plain one.
    await handler({}, lambdaContext() as never)
    expect(seen).toEqual({ ordersUrl: 'https://orders.example.com', ordersKey: API_KEY })
  })

  it('freezes decoded values, so one invocation cannot change what the next one sees', async () => {
    const invoke = contextHandler(ordersRegistry())
    const first = await invoke()
    expect(() => {
      ;(first.limits as { rps: number }).rps = 1
    }).toThrow(TypeError)
    expect((await invoke()).limits).toEqual({ rps: 50 })
  })

  it('gives each invocation’s context the values, even a context object never seen before', async () => {
    const invoke = contextHandler(ordersRegistry())
    await invoke()
    const fresh = lambdaContext()
    await invoke(fresh)
    expect((fresh as unknown as Record<string, unknown>).ordersUrl).toBe('https://orders.example.com')
  })
})

describe('a reference’s decoding is applied per reference, not per fetch', () => {
  beforeEach(() => resetAll())

  it('serves ssm() and ssm.list() of one StringList from one fetch', async () => {
    serveParameters({ '/orders/prod/hosts': 'a.example.com,b.example.com' }, 'StringList')
    const context = await contextHandler(
      registry({ fetch: { raw: ssm('/orders/prod/hosts'), hosts: ssm.list('/orders/prod/hosts') }, prefetch: false, ...region }),
    )()
    expect(context.raw).toBe('a.example.com,b.example.com')
    expect(context.hosts).toEqual(['a.example.com', 'b.example.com'])
    expect(ssmMock.commandCalls(GetParametersCommand)).toHaveLength(1)
    expect(ssmMock.commandCalls(GetParametersCommand)[0]!.args[0].input.Names).toEqual(['/orders/prod/hosts'])
  })
})
