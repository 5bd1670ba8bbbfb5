// Importing the testing module first switches this test file's process to test mode.

import { afterEach, describe, expect, it } from '@jest/globals'
import middy from '@middy/core'
import { type InvocationRequest, RegistryError, registry, secret, ssm } from '../../../src/index.js'
import { resetRegistryStubs, stubReference, stubRegistry } from '../../../src/testing/index.js'
import { lambdaContext } from '../helpers.js'
import { secretsMock } from '../mocks.js'

const tenantKey = ({ event }: InvocationRequest<{ tenantId?: string }>) => {
  if (!event.tenantId) throw new TypeError('no tenant')
  return `tenants/${event.tenantId}/api-key`
}

const tenants = registry({ fetch: { url: ssm('/orders/prod/endpoint'), apiKey: secret(tenantKey) } })
const handler = middy<{ tenantId?: string }>()
  .use(tenants)
  .handler(async (_event, context) => ({ url: context.url, apiKey: context.apiKey }))

describe('middy-registry/testing: stubs for per-invocation ids', () => {
  afterEach(() => resetRegistryStubs())

  it('serves a per-invocation key stubbed by its key, whatever id it computes', async () => {
    stubRegistry(tenants, { url: 'https://orders.test', apiKey: 'test-key' })
    expect(await handler({ tenantId: 'acme' }, lambdaContext() as never)).toEqual({ url: 'https://orders.test', apiKey: 'test-key' })
    expect(secretsMock.calls()).toHaveLength(0)
  })

  it('serves each computed id its own stub, given with stubReference() of that id', async () => {
    stubRegistry(tenants, { url: 'https://orders.test' })
    stubReference(secret('tenants/acme/api-key'), 'acme-key')
    stubReference(secret('tenants/globex/api-key'), 'globex-key')
    expect((await handler({ tenantId: 'acme' }, lambdaContext() as never)).apiKey).toBe('acme-key')
    expect((await handler({ tenantId: 'globex' }, lambdaContext() as never)).apiKey).toBe('globex-key')
  })

  it('runs the id function as production does: one that throws fails its key with IdFunctionFailed', async () => {
    stubRegistry(tenants, { url: 'https://orders.test', apiKey: 'test-key' })
    const error = await handler({}, lambdaContext() as never).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(RegistryError)
    expect((error as RegistryError).failures.map(({ key, code }) => [key, code])).toEqual([['apiKey', 'IdFunctionFailed']])
  })

  it('answers values(request) from the stubs', async () => {
    stubReference(secret('tenants/acme/api-key'), 'acme-key')
    stubRegistry(tenants, { url: 'https://orders.test' })
    expect((await tenants.values({ event: { tenantId: 'acme' }, context: lambdaContext() })).apiKey).toBe('acme-key')
  })

  it('refuses to stub a per-invocation reference itself, which has no one id', () => {
    expect(() => stubReference(secret(tenantKey), 'x')).toThrow(/stub the ids it computes/)
  })
})
