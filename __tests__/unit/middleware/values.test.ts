import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, RegistryError, registry, secret, ssm } from '../../../src/index.js'
import { invoke, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, secretsMock, serveParameters, serveSecrets } from '../mocks.js'

const KEY = 'sk_live_0a1b2c3d'

beforeEach(() => {
  resetAll()
  clearRegistryCache()
  serveParameters({ '/orders/endpoint': 'https://orders.example.com', '/orders/limits': '{"rps":5}' })
  serveSecrets({ 'orders/api-key': KEY })
})

const orders = () =>
  registry({
    fetch: { url: ssm('/orders/endpoint'), limits: ssm.json<{ rps: number }>('/orders/limits'), apiKey: secret('orders/api-key') },
    ...testOptions(),
  })

describe('values() resolves the declared map outside the handler chain', () => {
  it('gives the values, typed as on the context', async () => {
    const values = await orders().values()
    expect({ url: values.url, limits: values.limits, apiKey: values.apiKey }).toEqual({
      url: 'https://orders.example.com',
      limits: { rps: 5 },
      apiKey: KEY,
    })
  })

  it('keeps secrets out of any rendering of the object, as on the context', async () => {
    const values = await orders().values()
    expect(Object.keys(values).sort()).toEqual(['limits', 'url'])
    expect(JSON.stringify(values)).not.toContain(KEY)
  })

  it('reads through the same cache as invocations: no second request for fresh values', async () => {
    const middleware = orders()
    await middleware.values()
    await invoke(middleware)
    await middleware.values()
    expect(getParametersCalls()).toBe(1)
    expect(middleware.stats()).toMatchObject({ misses: 3, hits: 6 })
  })

  it('rejects with the RegistryError an invocation would fail with', async () => {
    secretsMock.on(GetSecretValueCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))
    const failure = await orders()
      .values()
      .then(
        () => undefined,
        (error: unknown) => error,
      )
    expect(failure).toBeInstanceOf(RegistryError)
    expect((failure as RegistryError).failures.map(({ key, code }) => [key, code])).toEqual([['apiKey', 'AccessDeniedException']])
  })
})
