import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { registry, ssm } from '../../../src/index.js'
import { awsError, getParametersFrom, invoke, invokeFailing, testOptions } from '../helpers.js'
import { getParametersCalls, parametersThatFail, resetAll, ssmMock } from '../mocks.js'

const SECOND = 1_000
const MINUTE = 60 * SECOND
const store = { '/orders/endpoint': { Value: 'https://orders.example.com' } }

/** Lets background work (mocked SDK calls resolve through microtasks) settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

/** The registry is up for the first call, then answers with `error` until `recover()`. */
const registryThatFails = (error: Error) => parametersThatFail(store, error)

describe('a registry outage: the last good value is kept until maxStale', () => {
  let unhandled: unknown[]
  const onUnhandled = (reason: unknown) => unhandled.push(reason)

  beforeEach(() => {
    resetAll()
    unhandled = []
    process.on('unhandledRejection', onUnhandled)
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  })
  afterEach(() => {
    jest.useRealTimers()
    process.off('unhandledRejection', onUnhandled)
  })

  it('keeps serving the last good value when a refresh fails', async () => {
    const outage = registryThatFails(awsError('InternalServerError'))
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: MINUTE, ...testOptions() })
    await invoke(orders)
    outage.goDown()
    jest.setSystemTime(Date.now() + 2 * MINUTE)
    expect((await invoke(orders)).url).toBe('https://orders.example.com')
    await settle()
    expect((await invoke(orders)).url).toBe('https://orders.example.com')
    expect(orders.stats()).toMatchObject({ errors: 1, staleServed: 2 })
  })

  it('fails with a RegistryError naming the cause once nothing usable is left', async () => {
    const outage = registryThatFails(awsError('InternalServerError'))
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: MINUTE, maxStale: 5 * MINUTE, ...testOptions() })
    await invoke(orders)
    outage.goDown()
    jest.setSystemTime(Date.now() + 6 * MINUTE)
    const error = await invokeFailing(orders)
    expect(error.failures).toEqual([expect.objectContaining({ key: 'url', code: 'InternalServerError' })])
  })

  it('serves the last good value when the fetch an invocation waited for fails (cacheExpiry 0)', async () => {
    const outage = registryThatFails(awsError('ThrottlingException'))
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: 0, ...testOptions() })
    await invoke(orders)
    outage.goDown()
    expect((await invoke(orders)).url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(2)
  })

  it('does not serve a value that was deleted from the registry', async () => {
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: 0, ...testOptions() })
    ssmMock.on(GetParametersCommand).callsFakeOnce(getParametersFrom(store)).callsFake(getParametersFrom({}))
    await invoke(orders)
    const error = await invokeFailing(orders)
    expect(error.failures[0]).toMatchObject({ key: 'url', code: 'ParameterNotFound' })
  })

  it('backs off through a throttling storm instead of retrying on every invocation', async () => {
    const outage = registryThatFails(awsError('ThrottlingException', 'Rate exceeded'))
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: 10 * SECOND, maxStale: Infinity, ...testOptions() })
    await invoke(orders)
    outage.goDown()
    // Ten simulated minutes of an invocation every 100 ms: 6,000 invocations.
    let failedInvocations = 0
    for (let tick = 0; tick < 6_000; tick++) {
      jest.setSystemTime(Date.now() + 100)
      await invoke(orders).catch(() => failedInvocations++)
      if (tick % 50 === 0) await settle()
    }
    expect(failedInvocations).toBe(0)
    // Exponential backoff (1 s doubling to a 5 minute cap, with jitter): about ten tries.
    const refreshes = getParametersCalls() - 1
    expect(refreshes).toBeGreaterThanOrEqual(5)
    expect(refreshes).toBeLessThanOrEqual(14)
    expect(unhandled).toEqual([])
  })

  it('picks up the value again once the registry recovers', async () => {
    const outage = registryThatFails(awsError('ThrottlingException'))
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: 10 * SECOND, ...testOptions() })
    await invoke(orders)
    outage.goDown()
    jest.setSystemTime(Date.now() + 10 * SECOND)
    await invoke(orders)
    await settle()
    outage.recover()
    store['/orders/endpoint'].Value = 'https://recovered.example.com'
    try {
      // After the backoff (at most 1 s for a first failure), one more stale serve starts the refresh.
      jest.setSystemTime(Date.now() + 1_001)
      await invoke(orders)
      await settle()
      expect((await invoke(orders)).url).toBe('https://recovered.example.com')
    } finally {
      store['/orders/endpoint'].Value = 'https://orders.example.com'
    }
  })

  it('never leaves an unhandled rejection behind a failed background refresh', async () => {
    const outage = registryThatFails(awsError('InternalServerError'))
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, cacheExpiry: MINUTE, ...testOptions() })
    await invoke(orders)
    outage.goDown()
    jest.setSystemTime(Date.now() + 2 * MINUTE)
    await invoke(orders)
    // The middleware sets no timer: there is nothing left to fire after the handler returned.
    expect(jest.getTimerCount()).toBe(0)
    for (let turn = 0; turn < 5; turn++) await settle()
    expect(orders.stats().errors).toBe(1)
    expect(unhandled).toEqual([])
  })
})

describe('a request signed before a freeze and sent after it', () => {
  beforeEach(() => resetAll())

  it('is signed again and sent once more', async () => {
    ssmMock
      .on(GetParametersCommand)
      .rejectsOnce(awsError('InvalidSignatureException', 'Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z'))
      .callsFake(getParametersFrom(store))
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, ...testOptions() })
    expect((await invoke(orders)).url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(2)
  })

  it('is sent only once more: a second expired signature is reported', async () => {
    ssmMock.on(GetParametersCommand).rejects(awsError('InvalidSignatureException', 'Signature expired'))
    const error = await invokeFailing(registry({ fetch: { url: ssm('/orders/endpoint') }, ...testOptions() }))
    expect(error.failures[0]).toMatchObject({ code: 'InvalidSignatureException' })
    expect(getParametersCalls()).toBe(2)
  })
})
