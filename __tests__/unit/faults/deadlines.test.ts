/** Every fetch has a deadline, and no invocation waits past its own. */

import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it } from '@jest/globals'
import type { Context } from 'aws-lambda'
import { type RegistryEvent, registry, ssm } from '../../../src/index.js'
import { getParametersFrom, invoke, invokeFailing, lambdaContext, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, ssmMock } from '../mocks.js'

const store = { '/orders/endpoint': { Value: 'https://orders.example.com' } }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The registry answers until `hang()`; then each request waits until its abort signal fires. */
function registryThatHangs() {
  let hanging = false
  ssmMock.on(GetParametersCommand).callsFake(async (input) => {
    if (!hanging) return getParametersFrom(store)(input)
    return new Promise(() => undefined)
  })
  // The abort signal travels in send()'s second argument, which the mock records.
  const sentSignals = () => ssmMock.calls().map((call) => ((call.args as unknown[])[1] as { abortSignal?: AbortSignal } | undefined)?.abortSignal)
  return { hang: () => (hanging = true), recover: () => (hanging = false), sentSignals }
}

const contextWithRemaining = (ms: number): Context => ({ ...lambdaContext(), getRemainingTimeInMillis: () => ms })

// Jest fails a test on an unhandled rejection by itself: a hung fetch that left one behind fails here.
describe('a request that never answers', () => {
  beforeEach(() => resetAll())

  it('fails with Timeout at the request timeout, and its abort signal ends the SDK call', async () => {
    const registryState = registryThatHangs()
    registryState.hang()
    const error = await invokeFailing(registry({ fetch: { url: ssm('/orders/endpoint') }, requestTimeout: 50, ...testOptions() }))
    expect(error.failures).toEqual([expect.objectContaining({ key: 'url', source: 'ssm', id: '/orders/endpoint', code: 'Timeout' })])
    expect(error.failures[0]!.message).toMatch(/request timeout \(50 ms\)/)
    const [signal] = registryState.sentSignals()
    expect(signal).toBeInstanceOf(AbortSignal)
    expect(signal!.aborted).toBe(true)
  })

  it('frees its keys: once the registry answers again, the next fetch is sent', async () => {
    const registryState = registryThatHangs()
    registryState.hang()
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, requestTimeout: 50, ...testOptions() })
    await invokeFailing(orders)
    registryState.recover()
    // The first failure backs off for 0.5 to 1 s; past that, one new request.
    await sleep(1_050)
    expect((await invoke(orders)).url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(2)
  })

  it('in a background refresh, counts as a failure: an error event, a stale value, a backoff', async () => {
    const registryState = registryThatHangs()
    const events: RegistryEvent[] = []
    const orders = registry({
      fetch: { url: ssm('/orders/endpoint') },
      cacheExpiry: 20,
      requestTimeout: 50,
      onEvent: (event) => events.push(event),
      ...testOptions(),
    })
    await invoke(orders)
    registryState.hang()
    await sleep(30)
    expect((await invoke(orders)).url).toBe('https://orders.example.com')
    await sleep(120)
    expect(events.filter(({ type }) => type === 'error').map(({ code }) => code)).toEqual(['Timeout'])
    // Backing off: the stale value is served, and no second request is sent yet.
    expect((await invoke(orders)).url).toBe('https://orders.example.com')
    await sleep(10)
    expect(getParametersCalls()).toBe(2)
  })
})

describe('an invocation waiting for the registry', () => {
  beforeEach(() => resetAll())

  it('stops waiting at its remaining time less timeoutMargin, with Timeout, while the fetch goes on', async () => {
    let answer: (() => void) | undefined
    ssmMock.on(GetParametersCommand).callsFake((input) => new Promise((resolve) => (answer = () => resolve(getParametersFrom(store)(input)))))
    const orders = registry({ fetch: { url: ssm('/orders/endpoint') }, timeoutMargin: 500, ...testOptions() })
    const started = Date.now()
    const error = await invoke(orders, contextWithRemaining(600)).catch((caught: unknown) => caught)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(error).toMatchObject({ failures: [expect.objectContaining({ key: 'url', code: 'Timeout' })] })
    expect((error as Error).message).toMatch(/url \(ssm \/orders\/endpoint: Timeout\)/)
    // The fetch was not abandoned: the next invocation joins it, and no second request is sent.
    const next = invoke(orders)
    answer!()
    expect((await next).url).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(1)
  })

  it('fails at once when no time is left beyond the margin', async () => {
    ssmMock.on(GetParametersCommand).callsFake(() => new Promise(() => undefined))
    const error = await invoke(registry({ fetch: { url: ssm('/orders/endpoint') }, ...testOptions() }), contextWithRemaining(100)).catch(
      (caught: unknown) => caught,
    )
    expect(error).toMatchObject({ failures: [expect.objectContaining({ code: 'Timeout' })] })
  })
})

describe('the timeout options', () => {
  it.each([
    ['requestTimeout', 0],
    ['requestTimeout', Infinity],
    ['requestTimeout', '3000'],
    ['timeoutMargin', -1],
    ['timeoutMargin', Number.NaN],
    ['prefetchWait', 0],
    ['prefetchWait', Infinity],
    ['prefetchWait', '8000'],
  ])('refuse %s: %p', (option, value) => {
    expect(() => registry({ fetch: { url: ssm('/a') }, [option]: value } as never)).toThrow(
      new RegExp(`option "${option}" must be a finite number of milliseconds`),
    )
  })
})
