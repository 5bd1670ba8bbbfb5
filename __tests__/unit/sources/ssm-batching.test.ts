/** SSM Parameter Store: how names are batched into GetParameters calls, and how failures are reported. */

import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { registry, ssm } from '../../../src/index.js'
import { awsError, eventually, gate, getParametersFrom, invoke, invokeFailing, noTimeToRetry, type StoredParameter, testOptions } from '../helpers.js'
import { resetAll, ssmMock } from '../mocks.js'

const namesOf = (count: number) => Array.from({ length: count }, (_, index) => `/orders/prod/p${index}`)
const keyOf = (name: string) => name.slice(name.lastIndexOf('/') + 1)
const fetchOf = (names: readonly string[]) => Object.fromEntries(names.map((name) => [keyOf(name), ssm(name)]))
const storeOf = (names: readonly string[]): Record<string, StoredParameter> => Object.fromEntries(names.map((name) => [name, { Value: `value of ${name}` }]))
const sentNames = () => ssmMock.commandCalls(GetParametersCommand).map((call) => call.args[0].input.Names)

beforeEach(() => resetAll())

describe('SSM names are batched into GetParameters calls', () => {
  it('sends 23 names as 3 calls of 10, 10 and 3, all before any call is answered', async () => {
    const names = namesOf(23)
    const answers = gate()
    ssmMock.on(GetParametersCommand).callsFake(async (input: { Names?: string[] }) => {
      await answers.opened
      return getParametersFrom(storeOf(names))(input)
    })

    const invocation = invoke(registry({ fetch: fetchOf(names), ...testOptions() }))
    const allSentBeforeAnyAnswer = await eventually(() => ssmMock.commandCalls(GetParametersCommand).length === 3)
    answers.open()
    const context = await invocation

    expect(allSentBeforeAnyAnswer).toBe(true)
    expect(sentNames()).toEqual([names.slice(0, 10), names.slice(10, 20), names.slice(20)])
    expect(ssmMock.commandCalls(GetParametersCommand).every((call) => call.args[0].input.WithDecryption === true)).toBe(true)
    for (const name of names) expect(context[keyOf(name)]).toBe(`value of ${name}`)
  })

  it('asks for a name with and without decryption in two calls, and keeps both values apart', async () => {
    ssmMock.on(GetParametersCommand).callsFake((input: { Names?: string[]; WithDecryption?: boolean }) => ({
      Parameters: (input.Names ?? []).map((Name) => ({ Name, Type: 'SecureString', Value: input.WithDecryption ? 'plain-token' : 'AQICAHcipher' })),
    }))

    const context = await invoke(
      registry({
        fetch: { token: ssm('/orders/prod/token'), tokenCiphertext: ssm('/orders/prod/token', { decrypt: false }) },
        ...testOptions(),
      }),
    )

    const inputs = ssmMock.commandCalls(GetParametersCommand).map((call) => call.args[0].input)
    expect(inputs).toHaveLength(2)
    expect(inputs).toEqual(
      expect.arrayContaining([
        { Names: ['/orders/prod/token'], WithDecryption: true },
        { Names: ['/orders/prod/token'], WithDecryption: false },
      ]),
    )
    expect(context.token).toBe('plain-token')
    expect(context.tokenCiphertext).toBe('AQICAHcipher')
  })

  it('never serves a cached ciphertext to a registry that decrypts the same name', async () => {
    ssmMock.on(GetParametersCommand).callsFake((input: { Names?: string[]; WithDecryption?: boolean }) => ({
      Parameters: (input.Names ?? []).map((Name) => ({ Name, Type: 'SecureString', Value: input.WithDecryption ? 'plain-token' : 'AQICAHcipher' })),
    }))

    const ciphertext = await invoke(registry({ fetch: { token: ssm('/orders/prod/token', { decrypt: false }) }, ...testOptions() }))
    const plaintext = await invoke(registry({ fetch: { token: ssm('/orders/prod/token') }, ...testOptions() }))

    expect(ciphertext.token).toBe('AQICAHcipher')
    expect(plaintext.token).toBe('plain-token')
    expect(ssmMock.commandCalls(GetParametersCommand).map((call) => call.args[0].input.WithDecryption)).toEqual([false, true])
  })
})

describe('SSM failures name exactly the keys that failed', () => {
  it('reports the names AWS lists as InvalidParameters, and only those', async () => {
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/orders/prod/present': { Value: 'here' } }))

    const error = await invokeFailing(registry({ fetch: { a: ssm('/a'), present: ssm('/orders/prod/present'), b: ssm('/b') }, ...testOptions() }))

    expect(error.message).toBe('2 registry values could not be resolved: a (ssm /a: ParameterNotFound), b (ssm /b: ParameterNotFound)')
    expect(error.failures.map(({ key, source, id, code }) => ({ key, source, id, code }))).toEqual([
      { key: 'a', source: 'ssm', id: '/a', code: 'ParameterNotFound' },
      { key: 'b', source: 'ssm', id: '/b', code: 'ParameterNotFound' },
    ])
    expect(ssmMock.commandCalls(GetParametersCommand)).toHaveLength(1)
  })

  it('resolves a missing optional name to undefined while the other keys resolve', async () => {
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/orders/prod/endpoint': { Value: 'https://orders' } }))

    const context = await invoke(
      registry({
        fetch: { endpoint: ssm('/orders/prod/endpoint'), canary: ssm('/orders/prod/canary', { optional: true }) },
        ...testOptions(),
      }),
    )

    expect(context.endpoint).toBe('https://orders')
    expect(context.canary).toBeUndefined()
    expect('canary' in context).toBe(true)
  })

  it('retries a batch denied as a whole name by name, and reports only the forbidden key', async () => {
    const store = storeOf(['/orders/prod/endpoint', '/orders/prod/region', '/billing/prod/key'])
    ssmMock.on(GetParametersCommand).callsFake((input: { Names?: string[] }) => {
      if (input.Names?.includes('/billing/prod/key')) throw awsError('AccessDeniedException', 'User is not authorized to perform ssm:GetParameters')
      return getParametersFrom(store)(input)
    })

    const middleware = registry({
      fetch: { endpoint: ssm('/orders/prod/endpoint'), region: ssm('/orders/prod/region'), billingKey: ssm('/billing/prod/key') },
      ...testOptions(),
    })
    const error = await invokeFailing(middleware)

    expect(error.failures.map(({ key, code }) => ({ key, code }))).toEqual([{ key: 'billingKey', code: 'AccessDeniedException' }])
    expect(sentNames()).toEqual([
      ['/orders/prod/endpoint', '/orders/prod/region', '/billing/prod/key'],
      ['/orders/prod/endpoint'],
      ['/orders/prod/region'],
      ['/billing/prod/key'],
    ])
    // The innocent names were fetched and cached: once the failed key's backoff (at most
    // one second after a first failure) has passed, the next invocation asks only for it.
    ssmMock.resetHistory()
    jest.useFakeTimers({ now: Date.now() + 1_001, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    try {
      await invokeFailing(middleware)
    } finally {
      jest.useRealTimers()
    }
    expect(sentNames()).toEqual([['/billing/prod/key']])
  })

  it('fails every key of a throttled batch with ThrottlingException, wrapped in a RegistryError', async () => {
    const names = namesOf(12)
    ssmMock.on(GetParametersCommand).callsFake((input: { Names?: string[] }) => {
      if (input.Names?.length === 10) throw awsError('ThrottlingException', 'Rate exceeded')
      return getParametersFrom(storeOf(names))(input)
    })

    const error = await invokeFailing(registry({ fetch: fetchOf(names), ...testOptions() }), noTimeToRetry())

    expect(error.failures.map(({ key, code }) => ({ key, code }))).toEqual(
      names.slice(0, 10).map((name) => ({ key: keyOf(name), code: 'ThrottlingException' })),
    )
    expect(error.failures[0]!.message).toBe('Rate exceeded')
    // Throttling is not a per-name problem: no name-by-name retry that would make it worse.
    expect(sentNames()).toEqual([names.slice(0, 10), names.slice(10)])
  })

  it('fails the whole batch with NetworkError, and the errno as detail, when the call never reaches AWS', async () => {
    ssmMock.on(GetParametersCommand).rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))

    const error = await invokeFailing(registry({ fetch: { a: ssm('/a'), b: ssm('/b') }, ...testOptions() }))

    expect(error.failures.map(({ key, code, detail }) => ({ key, code, detail }))).toEqual([
      { key: 'a', code: 'NetworkError', detail: 'Error ECONNRESET' },
      { key: 'b', code: 'NetworkError', detail: 'Error ECONNRESET' },
    ])
  })
})
