/**
 * AppConfig Data sessions: one StartConfigurationSession per configuration, then
 * GetLatestConfiguration with the token each answer gives, never faster than AppConfig's
 * poll interval; an empty answer is a revalidation; a session AppConfig no longer accepts
 * is started again; a failed or malformed answer never replaces the last good value.
 */

import { GetLatestConfigurationCommand } from '@aws-sdk/client-appconfigdata'
import { describe, expect, it, jest } from '@jest/globals'
import { appConfig, clearRegistryCache, registry } from '../../../src/index.js'
import { FakeAppConfig, tokenRefused } from '../appconfig-service.js'
import { awsError, contextHandler, eventually, invokeFailing, onFakeClock, testOptions } from '../helpers.js'
import { appConfigMock, resetAll } from '../mocks.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const ORDERS = { application: 'orders', environment: 'prod', profile: 'settings' } as const

let service: FakeAppConfig
onFakeClock(() => {
  resetAll()
  service = new FakeAppConfig()
})

/** A handler of one appConfig.json() key that expires after `cacheExpiry`, with its stats. */
function settingsHandler(cacheExpiry = 5 * MINUTE) {
  const middleware = registry({ fetch: { settings: appConfig.json<{ rps: number }>(ORDERS, { agent: false }) }, cacheExpiry, ...testOptions() })
  const invoke = contextHandler(middleware)
  return { middleware, rps: async () => (await invoke()).settings.rps }
}

/** Lets the entry expire, invokes (served stale, refreshed in the background) and waits until `settled` refreshes have ended. */
async function expireAndRefresh(handler: ReturnType<typeof settingsHandler>, after: number, settled: number): Promise<void> {
  jest.setSystemTime(Date.now() + after)
  await handler.rps()
  const ended = () => {
    const { refreshes, revalidations, errors } = handler.middleware.stats()
    return refreshes + revalidations + errors
  }
  expect(await eventually(() => ended() === settled)).toBe(true)
}

describe('one session per configuration', () => {
  it('is started once, then polled with the token each answer gives', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler()
    await settings.rps()

    await expireAndRefresh(settings, 5 * MINUTE, 1)
    await expireAndRefresh(settings, 5 * MINUTE, 2)

    expect(service.sessionsStarted()).toBe(1)
    expect(service.tokensSent()).toEqual(['token-1', 'token-2', 'token-3'])
  })

  it('keeps an unchanged configuration (an empty answer) and counts it as a revalidation', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler()
    await settings.rps()

    await expireAndRefresh(settings, 5 * MINUTE, 1)

    expect(settings.middleware.stats()).toMatchObject({ refreshes: 0, revalidations: 1, errors: 0 })
    expect(await settings.rps()).toBe(50)
  })

  it('replaces the value with a new deployment at the next refresh', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler()
    await settings.rps()
    service.deploy('orders/prod/settings', '{"rps": 80}')

    await expireAndRefresh(settings, 5 * MINUTE, 1)

    expect(settings.middleware.stats()).toMatchObject({ refreshes: 1, revalidations: 0 })
    expect(await settings.rps()).toBe(80)
  })

  it('is forgotten by clearRegistryCache()', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    await settingsHandler().rps()

    clearRegistryCache()
    await settingsHandler().rps()

    expect(service.sessionsStarted()).toBe(2)
  })
})

describe("AppConfig's poll interval (NextPollIntervalInSeconds)", () => {
  it('is never undercut: a refresh before it keeps the value without a call, as a revalidation', async () => {
    service.pollInterval = 600
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler(MINUTE)
    await settings.rps()
    service.deploy('orders/prod/settings', '{"rps": 80}')

    await expireAndRefresh(settings, MINUTE, 1)

    expect(service.polls()).toBe(1)
    expect(settings.middleware.stats()).toMatchObject({ revalidations: 1 })
    expect(await settings.rps()).toBe(50)
  })

  it('lets the refresh after it poll again', async () => {
    service.pollInterval = 600
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler(MINUTE)
    await settings.rps()
    service.deploy('orders/prod/settings', '{"rps": 80}')

    await expireAndRefresh(settings, 10 * MINUTE, 1)

    expect(service.polls()).toBe(2)
    expect(await settings.rps()).toBe(80)
  })

  it('holds for refresh() too', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler()
    await settings.rps()

    await settings.middleware.refresh('settings')

    expect(service.polls()).toBe(1)
  })
})

describe('a session AppConfig no longer accepts', () => {
  it('is started again, without trying its token, once the token is 23 hours old', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler(24 * HOUR)
    await settings.rps()
    jest.setSystemTime(Date.now() + 23 * HOUR)

    await settings.middleware.refresh('settings')

    expect(service.sessionsStarted()).toBe(2)
    expect(service.tokensSent()).toEqual(['token-1', 'token-3'])
  })

  it('is started again once when AppConfig refuses its token (BadRequestException)', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler()
    await settings.rps()
    service.expireTokens()
    service.deploy('orders/prod/settings', '{"rps": 80}')

    await expireAndRefresh(settings, 5 * MINUTE, 1)

    expect(service.sessionsStarted()).toBe(2)
    expect(settings.middleware.stats()).toMatchObject({ refreshes: 1, errors: 0 })
    expect(await settings.rps()).toBe(80)
  })

  it('is not started a third time: a refused token from a new session fails with its code', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    appConfigMock.on(GetLatestConfigurationCommand).rejects(tokenRefused('Corrupted'))

    const error = await invokeFailing(settingsHandler().middleware)

    expect(error.failures[0]!.code).toBe('BadRequestException')
    expect(service.sessionsStarted()).toBe(1)
  })

  it('is started again after a failed poll, whose token may be spent', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler()
    await settings.rps()
    service.failNextPoll = awsError('ThrottlingException')
    await expireAndRefresh(settings, 5 * MINUTE, 1)

    await expireAndRefresh(settings, 5 * MINUTE, 2)

    expect(service.sessionsStarted()).toBe(2)
    expect(settings.middleware.stats()).toMatchObject({ errors: 1, refreshes: 1 })
  })
})

describe('a failed or malformed answer keeps the last good value', () => {
  it('serves the last good value through a failed poll', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler()
    await settings.rps()
    service.failNextPoll = awsError('InternalServerException')

    await expireAndRefresh(settings, 5 * MINUTE, 1)

    expect(settings.middleware.stats()).toMatchObject({ errors: 1 })
    expect(await settings.rps()).toBe(50)
  })

  it('keeps the value when a deployment does not parse, and says InvalidJSON', async () => {
    const events: string[] = []
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const middleware = registry({
      fetch: { settings: appConfig.json<{ rps: number }>(ORDERS, { agent: false }) },
      onEvent: ({ type, code }) => events.push(code ? `${type}:${code}` : type),
      ...testOptions(),
    })
    const invoke = contextHandler(middleware)
    await invoke()
    service.deploy('orders/prod/settings', '{"rps": ')
    jest.setSystemTime(Date.now() + 5 * MINUTE)

    await invoke()

    expect(await eventually(() => events.includes('error:InvalidJSON'))).toBe(true)
    expect((await invoke()).settings).toEqual({ rps: 50 })
  })

  it('does not start a new session for a malformed configuration that stays unchanged', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler()
    await settings.rps()
    service.deploy('orders/prod/settings', 'not JSON')
    await expireAndRefresh(settings, 5 * MINUTE, 1)

    await expireAndRefresh(settings, 5 * MINUTE, 2)

    expect(service.sessionsStarted()).toBe(1)
    expect(settings.middleware.stats()).toMatchObject({ errors: 2 })
    expect(await settings.rps()).toBe(50)
  })

  it('keeps the value when an answer has no next token (InvalidResponse), and starts a new session after it', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}')
    const settings = settingsHandler()
    await settings.rps()
    service.deploy('orders/prod/settings', '{"rps": 1}')
    service.dropNextToken = true

    await expireAndRefresh(settings, 5 * MINUTE, 1)
    expect(settings.middleware.stats()).toMatchObject({ errors: 1 })
    expect(await settings.rps()).toBe(50)

    await expireAndRefresh(settings, 5 * MINUTE, 2)
    expect(service.sessionsStarted()).toBe(2)
    expect(await settings.rps()).toBe(1)
  })
})
