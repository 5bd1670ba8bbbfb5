import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { registry, secret, ssm } from '../../../src/index.js'
import { getParametersFrom, lambdaContext, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, secretsMock, ssmMock } from '../mocks.js'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

function heapAfterGc(): number {
  collectGarbage()
  collectGarbage()
  return process.memoryUsage().heapUsed
}

describe('memory over a million invocations', () => {
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/a': { Value: 'a' }, '/b': { Value: 'b' } }))
    secretsMock.on(GetSecretValueCommand).resolves({ Name: 'k', SecretString: 'secret-k' })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('stays flat, across expiries and refreshes', async () => {
    const middleware = registry({ fetch: { a: ssm('/a'), b: ssm('/b'), k: secret('k') }, cacheExpiry: 1_000, ...testOptions() })
    const invoke = () => middleware.before({ event: {}, context: lambdaContext(), response: null, error: null, internal: {} } as never)
    await invoke()
    // Warm up, so that lazily created structures exist before the first measurement.
    for (let invocation = 0; invocation < 100_000; invocation++) await invoke()
    const before = heapAfterGc()
    for (let invocation = 0; invocation < 1_000_000; invocation++) {
      // Awaited as middy awaits every `before`, so background work interleaves as in Lambda.
      await invoke()
      // An expiry every 10,000 invocations: 100 background refreshes in all.
      if (invocation % 10_000 === 0) {
        jest.setSystemTime(Date.now() + 1_001)
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    const growth = heapAfterGc() - before
    expect(getParametersCalls()).toBeGreaterThanOrEqual(100)
    expect(growth).toBeLessThan(2 * 1024 * 1024)
  }, 60_000)
})

describe('memory over thousands of failed fetches', () => {
  let failedCalls = 0
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    failedCalls = 0
    ssmMock.on(GetParametersCommand).callsFake(() => {
      failedCalls++
      throw Object.assign(new Error('We encountered an internal error'), { name: 'InternalServerError' })
    })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('stays flat, with a deadline, a last error and a backoff kept per failing batch', async () => {
    const middleware = registry({ fetch: { a: ssm('/a'), b: ssm('/b') }, ...testOptions() })
    const invoke = () => middleware.before({ event: {}, context: lambdaContext(), response: null, error: null, internal: {} } as never)
    // Each round waits out the longest backoff, so that every invocation sends one probe.
    const failOnce = async (round: number) => {
      await Promise.resolve(invoke()).catch(() => undefined)
      jest.setSystemTime(Date.now() + 6 * 60_000)
      // The mock records every call it answers: forget them, or they are what grows.
      if (round % 100 === 99) ssmMock.resetHistory()
    }
    for (let round = 0; round < 300; round++) await failOnce(round)
    const before = heapAfterGc()
    for (let round = 0; round < 3_000; round++) await failOnce(round)
    const growth = heapAfterGc() - before
    expect(failedCalls).toBe(3_300)
    expect(middleware.stats().errors).toBe(6_600)
    expect(growth).toBeLessThan(1024 * 1024)
  }, 60_000)
})
