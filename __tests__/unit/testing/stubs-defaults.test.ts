// Importing the testing module first switches this test file's process to test mode.

import { afterEach, describe, expect, it } from '@jest/globals'
import { type InvocationRequest, registry, secret, ssm } from '../../../src/index.js'
import { failure, missing, resetRegistryStubs, stubReference, stubRegistry } from '../../../src/testing/index.js'
import { invoke, invokeFailing, lambdaContext } from '../helpers.js'

const orders = registry({
  fetch: {
    url: ssm('/orders/endpoint', { default: 'https://fallback.example.com' }),
    key: secret('orders/api-key', { default: 'fallback-key' }),
  },
})

describe('middy-registry/testing with defaults', () => {
  afterEach(() => resetRegistryStubs())

  it('answers a missing() entry with its default, masked for a secret as in production', async () => {
    stubRegistry(orders, { url: missing(), key: missing() })
    const context = await invoke(orders)
    expect(context.url).toBe('https://fallback.example.com')
    expect(context.key).toBe('fallback-key')
    expect(JSON.stringify(context)).not.toContain('fallback-key')
  })

  it('answers a stubbed failure with the failure, never the default', async () => {
    stubRegistry(orders, { url: failure('AccessDeniedException'), key: 'stubbed-key' })
    const error = await invokeFailing(orders)
    expect(error.failures.map(({ key, code }) => ({ key, code }))).toEqual([{ key: 'url', code: 'AccessDeniedException' }])
  })

  it('answers a missing per-invocation id with its default', async () => {
    const tenants = registry({
      fetch: { key: secret(({ event }: InvocationRequest<{ tenant: string }>) => `tenants/${event.tenant}/api-key`, { default: 'shared-key' }) },
    })
    stubReference(secret('tenants/acme/api-key'), 'acme-key')
    stubReference(secret('tenants/globex/api-key'), missing())
    const keyFor = async (tenant: string) => (await tenants.values({ event: { tenant }, context: lambdaContext() })).key
    expect(await keyFor('acme')).toBe('acme-key')
    expect(await keyFor('globex')).toBe('shared-key')
  })
})
