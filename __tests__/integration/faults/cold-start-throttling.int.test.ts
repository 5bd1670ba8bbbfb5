/** @jest-environment ./__tests__/integration/faults/environment.mjs */
/**
 * A cold start against a throttling Parameter Store, over HTTP: the real SDK client with its
 * standard retries (3 attempts) talks to moto through the fault proxy, which answers the
 * first N reads with AWS's `ThrottlingException`. The prefetch retries through Lambda's init
 * for `prefetchWait`, the first invocation goes on with its own time, and a throttle that
 * outlasts both fails with its own code, not a timeout.
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import middy from '@middy/core'
import type { Context } from 'aws-lambda'
import { clearRegistryCache, RegistryError, type RegistryEvent, registry, ssm } from '../../../src/index.js'
import { awsClientOptions, motoEndpoint } from '../helpers.js'
import { ENDPOINT_VALUE, type Harness, seedMoto, startHarness } from './harness.js'

let harness: Harness

beforeAll(async () => {
  await seedMoto()
  harness = await startHarness(motoEndpoint())
})

afterAll(() => harness.close())

beforeEach(() => {
  harness.proxy.reset()
  clearRegistryCache()
})

/** A registry of one name, read through the proxy by a client the middleware creates (standard retries). */
function orders(events: RegistryEvent[], options: { prefetch: boolean; prefetchWait?: number }) {
  return registry({
    fetch: { url: ssm('/svc/endpoint') },
    local: false,
    awsClientOptions: { ...awsClientOptions(), endpoint: harness.proxy.endpoint },
    onEvent: (event) => events.push(event),
    ...options,
  })
}

const withRemaining = (ms: number): Context => {
  const deadline = Date.now() + ms
  return { functionName: 'cold-start-throttling', awsRequestId: 'cold', getRemainingTimeInMillis: () => deadline - Date.now() } as Context
}

const getParametersSent = () => harness.proxy.counts().byOperation.GetParameters ?? 0

describe('a cold start while Parameter Store throttles', () => {
  it('ready() resolves with the value cached once a retry gets through, and the invocation sends nothing', async () => {
    harness.proxy.set({ mode: 'throttle', service: 'ssm', times: 5 })
    const events: RegistryEvent[] = []
    const middleware = orders(events, { prefetch: true })
    await middleware.ready()
    // The SDK's three attempts, then our retry: two more refused, the sixth read answered.
    expect(getParametersSent()).toBe(6)
    expect(events.map(({ type, code }) => `${type} ${code ?? ''}`.trim())).toEqual(['retry ThrottlingException', 'miss'])
    const handler = middy()
      .use(middleware)
      .handler(async (_event: unknown, context: Context & { url: string }) => context.url)
    expect(await handler({}, withRemaining(6_000) as never)).toBe(ENDPOINT_VALUE)
    expect(getParametersSent()).toBe(6)
  }, 20_000)

  it('the first invocation joins the fetch the prefetch left under way, with its own remaining time', async () => {
    harness.proxy.set({ mode: 'throttle', service: 'ssm', times: 9 })
    const events: RegistryEvent[] = []
    const middleware = orders(events, { prefetch: true, prefetchWait: 3_000 })
    await middleware.ready()
    // Its second try (after the SDK's three attempts and a 0.5-1 s wait) under way at 3 s.
    expect(events.filter(({ type }) => type === 'error').map(({ code }) => code)).toEqual(['ThrottlingException'])
    const handler = middy()
      .use(middleware)
      .handler(async (_event: unknown, context: Context & { url: string }) => context.url)
    expect(await handler({}, withRemaining(15_000) as never)).toBe(ENDPOINT_VALUE)
    expect(getParametersSent()).toBe(10)
    expect(middleware.stats()).toMatchObject({ errors: 1 })
  }, 30_000)

  it('fails an invocation whose time runs out with the throttling code, having sent a bounded number of requests', async () => {
    harness.proxy.set({ mode: 'throttle', service: 'ssm' })
    const middleware = orders([], { prefetch: false })
    const handler = middy()
      .use(middleware)
      .handler(async () => 'unreachable')
    const failure = await handler({}, withRemaining(3_500) as never).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(RegistryError)
    expect((failure as RegistryError).failures.map(({ code }) => code)).toEqual(['ThrottlingException'])
    // At most three tries within 3 s (at 0, after 0.5-1 s, after 1-2 s more), three attempts
    // each; at least the first try's three and the second's first.
    expect(getParametersSent()).toBeLessThanOrEqual(9)
    expect(getParametersSent()).toBeGreaterThanOrEqual(4)
  }, 20_000)
})
