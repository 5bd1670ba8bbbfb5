import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { RegistryError, registry, retryOnAuthFailure, secret, ssm } from '../../../src/index.js'
import { awsError, gate, getParametersFrom, invoke, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, secretsMock, ssmMock } from '../mocks.js'

const OLD_KEY = 'key_before_rotation_1a2b'
const NEW_KEY = 'key_after_rotation_3c4d'

/** A secret whose value changes to NEW_KEY after the first read. */
function rotatingSecret() {
  secretsMock
    .on(GetSecretValueCommand)
    .resolvesOnce({ Name: 'orders/api-key', SecretString: OLD_KEY })
    .resolves({ Name: 'orders/api-key', SecretString: NEW_KEY })
}

const unauthorized = () => Object.assign(new Error('Unauthorized'), { status: 401 })

describe('refresh() refetches on demand', () => {
  beforeEach(() => {
    resetAll()
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/a': { Value: 'a' }, '/b': { Value: 'b' } }))
  })

  it('refetches fresh values now and resolves with the new ones', async () => {
    rotatingSecret()
    const orders = registry({ fetch: { key: secret('orders/api-key') }, cacheExpiry: Infinity, ...testOptions() })
    expect((await invoke(orders)).key).toBe(OLD_KEY)
    const refreshed = await orders.refresh('key')
    expect(refreshed.key).toBe(NEW_KEY)
    expect(JSON.stringify(refreshed)).not.toContain(NEW_KEY)
    expect((await invoke(orders)).key).toBe(NEW_KEY)
  })

  it('refreshes only the keys it is given, and all keys when given none', async () => {
    const pair = registry({ fetch: { a: ssm('/a'), b: ssm('/b') }, cacheExpiry: Infinity, ...testOptions() })
    await invoke(pair)
    await pair.refresh('b')
    await pair.refresh()
    const names = ssmMock.commandCalls(GetParametersCommand).map((call) => call.args[0].input.Names)
    expect(names).toEqual([['/a', '/b'], ['/b'], ['/a', '/b']])
  })

  it('shares one request between concurrent refreshes of a value', async () => {
    const held = gate()
    ssmMock.on(GetParametersCommand).callsFake(async (input) => {
      await held.opened
      return getParametersFrom({ '/a': { Value: 'a' } })(input)
    })
    const first = registry({ fetch: { a: ssm('/a') }, ...testOptions() })
    const second = registry({ fetch: { alsoA: ssm('/a') }, ...testOptions() })
    const refreshes = Promise.all([first.refresh('a'), first.refresh(), second.refresh('alsoA')])
    held.open()
    await refreshes
    expect(getParametersCalls()).toBe(1)
  })

  it('rejects an undeclared key with a TypeError listing the declared ones', async () => {
    const pair = registry({ fetch: { a: ssm('/a'), b: ssm('/b') }, ...testOptions() })
    await expect((pair.refresh as (key: string) => Promise<unknown>)('c')).rejects.toThrow(/refresh\(\): unknown key "c" \(declared: a, b\)/)
  })

  it('rejects with a RegistryError when the refresh fails, keeping the last good value', async () => {
    const orders = registry({ fetch: { a: ssm('/a') }, cacheExpiry: Infinity, ...testOptions() })
    await invoke(orders)
    ssmMock.on(GetParametersCommand).rejects(awsError('ThrottlingException'))
    await expect(orders.refresh('a')).rejects.toThrow(RegistryError)
    expect((await invoke(orders)).a).toBe('a')
  })
})

describe('retryOnAuthFailure: refresh a key once when the remote refuses it', () => {
  beforeEach(() => resetAll())

  it('refreshes the key and retries once after a 401, updating the context', async () => {
    rotatingSecret()
    const orders = registry({ fetch: { key: secret('orders/api-key') }, cacheExpiry: Infinity, ...testOptions() })
    const context = await invoke(orders)
    const seen: string[] = []
    const result = await retryOnAuthFailure(orders, context, 'key', async (key) => {
      seen.push(key)
      if (key === OLD_KEY) throw unauthorized()
      return 'ok'
    })
    expect(result).toBe('ok')
    expect(seen).toEqual([OLD_KEY, NEW_KEY])
    expect(context.key).toBe(NEW_KEY)
    expect(JSON.stringify(context)).not.toContain(NEW_KEY)
  })

  it('does not refresh on an error that is not an auth failure', async () => {
    rotatingSecret()
    const orders = registry({ fetch: { key: secret('orders/api-key') }, ...testOptions() })
    const context = await invoke(orders)
    const boom = Object.assign(new Error('Service Unavailable'), { status: 503 })
    await expect(retryOnAuthFailure(orders, context, 'key', () => Promise.reject(boom))).rejects.toBe(boom)
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1)
  })

  it('retries only once: a second refusal reaches the caller', async () => {
    rotatingSecret()
    const orders = registry({ fetch: { key: secret('orders/api-key') }, ...testOptions() })
    const context = await invoke(orders)
    let calls = 0
    const refusal = unauthorized()
    await expect(
      retryOnAuthFailure(orders, context, 'key', () => {
        calls++
        throw refusal
      }),
    ).rejects.toBe(refusal)
    expect(calls).toBe(2)
  })

  it('accepts a predicate for what an auth failure looks like', async () => {
    rotatingSecret()
    const orders = registry({ fetch: { key: secret('orders/api-key') }, ...testOptions() })
    const context = await invoke(orders)
    const isAuthFailure = (error: unknown) => (error as Error).message === 'invalid_token'
    const result = await retryOnAuthFailure(
      orders,
      context,
      'key',
      async (key) => {
        if (key === OLD_KEY) throw new Error('invalid_token')
        return key.length
      },
      { isAuthFailure },
    )
    expect(result).toBe(NEW_KEY.length)
  })

  it('reports a failed refresh as a RegistryError caused by the refusal', async () => {
    rotatingSecret()
    const orders = registry({ fetch: { key: secret('orders/api-key') }, ...testOptions() })
    const context = await invoke(orders)
    secretsMock.on(GetSecretValueCommand).rejects(awsError('AccessDeniedException'))
    const refusal = unauthorized()
    const error = await retryOnAuthFailure(orders, context, 'key', () => Promise.reject(refusal)).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RegistryError)
    expect((error as RegistryError).failures[0]).toMatchObject({ key: 'key', code: 'AccessDeniedException' })
    expect((error as RegistryError).cause).toBe(refusal)
  })
})
