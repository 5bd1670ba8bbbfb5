/** A failing registry gets a circuit, not a storm: keys back off together, one probe per interval. */

import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { describe, expect, it, jest } from '@jest/globals'
import { type RegistryError, registry, ssm } from '../../../src/index.js'
import { awsError, invoke, invokeFailing, onFakeClock, testOptions } from '../helpers.js'
import { getParametersCalls, parametersThatFail, resetAll, ssmMock } from '../mocks.js'

const SECOND = 1_000
const store = { '/a': { Value: 'A' }, '/b': { Value: 'B' }, '/c': { Value: 'C' } }
const settle = async () => {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve))
}
const sentNames = () => ssmMock.commandCalls(GetParametersCommand).map((call) => call.args[0].input.Names)

/** GetParameters answers from the store, or fails with `error` while down. */
const registryThatFails = (error = awsError('InternalServerError')) => parametersThatFail(store, error)

describe('keys fetched together back off together', () => {
  onFakeClock(resetAll)

  it('retries a failed batch as one batch, whatever the random draw of its backoff', async () => {
    // Draws that would put three keys backing off on their own on three different schedules.
    const draws = [0.1, 0.9, 0.5]
    let draw = 0
    jest.spyOn(Math, 'random').mockImplementation(() => draws[draw++ % draws.length]!)
    const outage = registryThatFails()
    const middleware = registry({ fetch: { a: ssm('/a'), b: ssm('/b'), c: ssm('/c') }, cacheExpiry: 10 * SECOND, ...testOptions() })
    await invoke(middleware)
    outage.goDown()
    jest.setSystemTime(Date.now() + 11 * SECOND)
    // Invocations every 100 ms for 4 s: each stale key is refreshed as soon as its backoff ends.
    for (let step = 0; step < 40; step++) {
      await invoke(middleware)
      await settle()
      jest.setSystemTime(Date.now() + 100)
    }
    const refreshes = sentNames().slice(1)
    expect(refreshes.length).toBeGreaterThanOrEqual(3)
    expect(refreshes.every((names) => names?.length === 3)).toBe(true)
  })
})

describe('past maxStale, a failing registry sees one probe per backoff interval', () => {
  onFakeClock(resetAll)

  const outageFor = async () => {
    const outage = registryThatFails()
    const middleware = registry({ fetch: { a: ssm('/a'), b: ssm('/b') }, cacheExpiry: SECOND, maxStale: SECOND, ...testOptions() })
    await invoke(middleware)
    outage.goDown()
    jest.setSystemTime(Date.now() + 3 * SECOND)
    return { outage, middleware }
  }

  it('fails every invocation during the backoff at once, with the last error, without a request', async () => {
    const { middleware } = await outageFor()
    await invokeFailing(middleware)
    const callsAfterProbe = getParametersCalls()
    const errors: RegistryError[] = []
    for (let invocation = 0; invocation < 50; invocation++) errors.push(await invokeFailing(middleware))
    expect(getParametersCalls()).toBe(callsAfterProbe)
    expect(errors.every((error) => error.failures.length === 2 && error.failures.every(({ code }) => code === 'InternalServerError'))).toBe(true)
    expect(errors[0]!.failures[0]!.message).toMatch(/1 failed fetch in a row; next try in \d+ ms/)
  })

  it('sends the next probe once the backoff has passed, and doubles the backoff when it fails', async () => {
    const { middleware } = await outageFor()
    await invokeFailing(middleware)
    expect(getParametersCalls()).toBe(2)
    jest.setSystemTime(Date.now() + SECOND)
    await invokeFailing(middleware)
    expect(getParametersCalls()).toBe(3)
    // The second failure backs off 1 to 2 s: 0.9 s later, still no request.
    jest.setSystemTime(Date.now() + 900)
    const error = await invokeFailing(middleware)
    expect(getParametersCalls()).toBe(3)
    expect(error.failures[0]!.message).toMatch(/2 failed fetches in a row/)
  })

  it('recovers within one probe of the registry coming back', async () => {
    const { outage, middleware } = await outageFor()
    await invokeFailing(middleware)
    outage.recover()
    jest.setSystemTime(Date.now() + SECOND)
    expect(await invoke(middleware)).toMatchObject({ a: 'A', b: 'B' })
    expect(getParametersCalls()).toBe(3)
  })

  it('lets refresh() through the backoff: the caller asked for a fetch now', async () => {
    const { outage, middleware } = await outageFor()
    await invokeFailing(middleware)
    outage.recover()
    await expect(middleware.refresh('a')).resolves.toEqual({ a: 'A' })
  })
})
