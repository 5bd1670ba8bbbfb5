import { inspect } from 'node:util'
import { BatchGetSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { type InvocationRequest, registry, secret, ssm } from '../../../src/index.js'
import { awsError, getParametersFrom, invoke, invokeFailing, lambdaContext, noTimeToRetry, type StoredParameter, testOptions } from '../helpers.js'
import { resetAll, secretsMock, serveParameters, serveSecrets, ssmMock } from '../mocks.js'

/** GetParameters answers from a table the test may change between fetches. */
function serveChangingParameters(initial: Record<string, StoredParameter>) {
  let store = initial
  ssmMock.on(GetParametersCommand).callsFake(async (input) => getParametersFrom(store)(input))
  return { set: (next: Record<string, StoredParameter>) => (store = next) }
}

describe('default: the value of a key whose entry does not exist', () => {
  beforeEach(() => resetAll())

  it('is used when the parameter or secret does not exist, for every decoding that offers one', async () => {
    serveParameters({})
    serveSecrets({})
    const bytes = new Uint8Array([1, 2, 3])
    const settings = registry({
      fetch: {
        url: ssm('/orders/endpoint', { default: 'https://fallback.example.com' }),
        zones: ssm.list('/orders/zones', { default: ['a', 'b'] }),
        limits: ssm.json('/orders/limits', { default: { rps: 5 } }),
        key: secret('orders/api-key', { default: 'no-key' }),
        config: secret.json('orders/config', { default: { retries: 2 } }),
        certificate: secret.binary('orders/certificate', { default: bytes }),
      },
      ...testOptions(),
    })
    const context = await invoke(settings)
    expect(context.url).toBe('https://fallback.example.com')
    expect(context.zones).toEqual(['a', 'b'])
    expect(context.limits).toEqual({ rps: 5 })
    expect(context.key).toBe('no-key')
    expect(context.config).toEqual({ retries: 2 })
    expect(context.certificate).toEqual(bytes)
  })

  it('is not used when the entry exists', async () => {
    serveParameters({ '/orders/endpoint': 'https://orders.example.com' })
    const orders = registry({ fetch: { url: ssm('/orders/endpoint', { default: 'https://fallback.example.com' }) }, ...testOptions() })
    expect((await invoke(orders)).url).toBe('https://orders.example.com')
  })

  it('never hides an access, throttling or network failure: those still fail, naming the key and code', async () => {
    for (const code of ['AccessDeniedException', 'ThrottlingException', 'ECONNRESET']) {
      resetAll()
      const error = code === 'ECONNRESET' ? Object.assign(new Error('socket hang up'), { code }) : awsError(code)
      ssmMock.on(GetParametersCommand).rejects(error)
      const orders = registry({ fetch: { url: ssm('/orders/endpoint', { default: 'https://fallback.example.com' }) }, ...testOptions() })
      // No time left to wait out a throttled fetch's backoff: the invocation fails at once.
      const failure = await invokeFailing(orders, noTimeToRetry())
      expect(failure.failures.map(({ key, code }) => ({ key, code }))).toEqual([{ key: 'url', code: code === 'ECONNRESET' ? 'NetworkError' : code }])
      expect(failure.message).not.toContain('fallback')
    }
  })

  it('takes over from the last good value once the entry is deleted', async () => {
    const store = serveChangingParameters({ '/orders/endpoint': { Value: 'https://orders.example.com' } })
    const orders = registry({ fetch: { url: ssm('/orders/endpoint', { default: 'https://fallback.example.com' }) }, ...testOptions() })
    expect((await invoke(orders)).url).toBe('https://orders.example.com')
    store.set({})
    await orders.refresh()
    expect((await invoke(orders)).url).toBe('https://fallback.example.com')
  })

  it("masks a secret's default as it masks the secret", async () => {
    serveSecrets({})
    const orders = registry({ fetch: { key: secret('orders/api-key', { default: 'fallback-key' }) }, ...testOptions() })
    const context = await invoke(orders)
    expect(context.key).toBe('fallback-key')
    expect(Object.keys(context)).not.toContain('key')
    expect(JSON.stringify(context)).not.toContain('fallback-key')
    expect(JSON.stringify(await orders.values())).not.toContain('fallback-key')
  })

  it('is a frozen copy: neither the declaration nor a handler can change it afterwards', async () => {
    serveParameters({})
    const limits = { rps: 5 }
    const orders = registry({ fetch: { limits: ssm.json('/orders/limits', { default: limits }) }, ...testOptions() })
    limits.rps = 500
    const context = await invoke(orders)
    expect(context.limits).toEqual({ rps: 5 })
    expect(Object.isFrozen(context.limits)).toBe(true)
  })

  it("answers a per-invocation id that does not exist, and not the tenants' that do", async () => {
    secretsMock.on(GetSecretValueCommand).callsFake(async ({ SecretId }) => {
      if (SecretId === 'tenants/acme/api-key') return { Name: SecretId, SecretString: 'acme-key' }
      throw awsError('ResourceNotFoundException')
    })
    secretsMock.on(BatchGetSecretValueCommand).rejects(awsError('AccessDeniedException'))
    const tenants = registry({
      fetch: { key: secret(({ event }: InvocationRequest<{ tenant: string }>) => `tenants/${event.tenant}/api-key`, { default: 'shared-key' }) },
      ...testOptions(),
    })
    const keyFor = async (tenant: string) => (await tenants.values({ event: { tenant }, context: lambdaContext() })).key
    expect(await keyFor('acme')).toBe('acme-key')
    expect(await keyFor('globex')).toBe('shared-key')
  })
})

describe('default: checked when it is declared', () => {
  it('cannot be combined with optional', () => {
    // @ts-expect-error a default already answers a missing entry
    expect(() => ssm('/a', { optional: true, default: 'x' })).toThrow(
      new TypeError('ssm(): options "optional" and "default" cannot be combined: a default already answers a missing entry'),
    )
    expect(() => secret('a', { optional: false, default: 'x' })).not.toThrow()
  })

  it("must be of the reference's value type, and the message never quotes it", () => {
    // @ts-expect-error ssm() resolves to a string
    expect(() => ssm('/a', { default: 42 })).toThrow('ssm(): option "default" must be a string, got a number')
    // @ts-expect-error ssm.list() resolves to string[]
    expect(() => ssm.list('/a', { default: [1] })).toThrow('ssm.list(): option "default" must be an array of strings, got an array')
    // @ts-expect-error secret.binary() resolves to a Uint8Array
    expect(() => secret.binary('a', { default: 'c2VjcmV0' })).toThrow('secret.binary(): option "default" must be a Uint8Array, got a string')
    expect(() => ssm.json('/a', { default: () => 'x' })).toThrow('ssm.json(): option "default" must be a value structuredClone() can copy, got a function')
  })

  it('is not offered where a missing entry is not an error: ssm.path() resolves to {}', () => {
    // @ts-expect-error ssm.path() has no default
    expect(() => ssm.path('/features', { default: {} })).toThrow(/unknown option "default"/)
  })
})

describe('a default that is a secret', () => {
  it('never shows when the reference itself is logged or serialized', () => {
    const reference = secret('orders/prod/api-key', { default: 'fallback-key-0a1b' })
    expect(JSON.stringify(reference)).not.toContain('fallback-key-0a1b')
    expect(inspect(reference, { depth: 5 })).not.toContain('fallback-key-0a1b')
  })
})
