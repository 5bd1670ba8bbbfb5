/** AppConfig through the AppConfig Data API: what a deployed configuration resolves to, and its failures. */

import { AppConfigDataClient, GetLatestConfigurationCommand, StartConfigurationSessionCommand } from '@aws-sdk/client-appconfigdata'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { appConfig, type FeatureFlags, registry } from '../../../src/index.js'
import { FakeAppConfig } from '../appconfig-service.js'
import { awsError, invoke, invokeFailing, testOptions } from '../helpers.js'
import { appConfigMock, resetAll } from '../mocks.js'

const ORDERS = { application: 'orders', environment: 'prod', profile: 'settings' } as const
const API = { agent: false } as const

let service: FakeAppConfig
beforeEach(() => {
  resetAll()
  service = new FakeAppConfig()
})

const resolve = async (reference: ReturnType<typeof appConfig>) => (await invoke(registry({ fetch: { value: reference }, ...testOptions() }))).value

describe('appConfig() resolves the deployed configuration by its content type', () => {
  it('parses application/json to frozen data', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50, "regions": ["eu-west-1"]}')

    const value = await resolve(appConfig(ORDERS, API))

    expect(value).toEqual({ rps: 50, regions: ['eu-west-1'] })
    expect(Object.isFrozen((value as { regions: string[] }).regions)).toBe(true)
  })

  it('parses YAML (application/x-yaml, text/yaml) to data', async () => {
    service.deploy('orders/prod/settings', 'rps: 50\nregions:\n  - eu-west-1\n', 'application/x-yaml')
    service.deploy('orders/prod/text-yaml', 'enabled: true\n', 'text/yaml; charset=utf-8')

    const context = await invoke(
      registry({ fetch: { settings: appConfig(ORDERS, API), other: appConfig({ ...ORDERS, profile: 'text-yaml' }, API) }, ...testOptions() }),
    )

    expect(context.settings).toEqual({ rps: 50, regions: ['eu-west-1'] })
    expect(context.other).toEqual({ enabled: true })
  })

  it('fails with InvalidYAML for YAML that does not parse, naming the place and never the content', async () => {
    service.deploy('orders/prod/settings', 'rps: [50\nsecret-looking: text', 'application/x-yaml')

    const error = await invokeFailing(registry({ fetch: { settings: appConfig(ORDERS, API) }, ...testOptions() }))

    expect(error.failures[0]).toEqual(expect.objectContaining({ key: 'settings', code: 'InvalidYAML' }))
    expect(error.failures[0]!.message).toMatch(/^the AppConfig configuration orders\/prod\/settings is not valid YAML/)
    expect(error.message).not.toContain('secret-looking')
  })

  it('refuses YAML nested deeper than 64 levels before parsing it', async () => {
    service.deploy('orders/prod/settings', `${'['.repeat(100)}${']'.repeat(100)}`, 'text/yaml')

    const error = await invokeFailing(registry({ fetch: { settings: appConfig(ORDERS, API) }, ...testOptions() }))

    expect(error.failures[0]!.message).toBe('the AppConfig configuration orders/prod/settings is YAML nested deeper than 64 levels')
  })

  it('gives any other content type as text', async () => {
    service.deploy('orders/prod/settings', '{"looks": "like JSON"}', 'text/plain')

    expect(await resolve(appConfig(ORDERS, API))).toBe('{"looks": "like JSON"}')
  })

  it('reads a JSON content type with parameters, and +json types, as JSON', async () => {
    service.deploy('orders/prod/settings', '{"rps": 5}', 'application/json; charset=utf-8')
    service.deploy('orders/prod/vendor', '{"rps": 6}', 'application/vnd.orders+json')

    const context = await invoke(
      registry({ fetch: { settings: appConfig(ORDERS, API), vendor: appConfig({ ...ORDERS, profile: 'vendor' }, API) }, ...testOptions() }),
    )

    expect([context.settings, context.vendor]).toEqual([{ rps: 5 }, { rps: 6 }])
  })

  it('starts the session with the application, environment and profile as identifiers', async () => {
    service.deploy('orders/prod/settings', '{}')

    await resolve(appConfig(ORDERS, API))

    expect(appConfigMock.commandCalls(StartConfigurationSessionCommand)[0]!.args[0].input).toEqual({
      ApplicationIdentifier: 'orders',
      EnvironmentIdentifier: 'prod',
      ConfigurationProfileIdentifier: 'settings',
    })
  })

  it('reads through the appConfig client the registry is given', async () => {
    service.deploy('orders/prod/settings', '{"rps": 5}')
    const client = new AppConfigDataClient({ region: 'eu-west-1' })

    const context = await invoke(registry({ fetch: { settings: appConfig(ORDERS, API) }, clients: { appConfig: client }, prefetch: false }))

    expect(context.settings).toEqual({ rps: 5 })
    expect(appConfigMock.commandCalls(GetLatestConfigurationCommand)[0]!.thisValue).toBe(client)
  })
})

describe('appConfig.json() requires JSON', () => {
  it('parses a text profile that holds JSON', async () => {
    service.deploy('orders/prod/settings', '{"rps": 50}', 'text/plain')

    expect(await resolve(appConfig.json<{ rps: number }>(ORDERS, API))).toEqual({ rps: 50 })
  })

  it('fails with InvalidJSON, naming the key and the configuration, never the content', async () => {
    service.deploy('orders/prod/settings', 'rps=50 secret-looking-text', 'text/plain')

    const error = await invokeFailing(registry({ fetch: { settings: appConfig.json(ORDERS, API) }, ...testOptions() }))

    expect(error.failures).toEqual([expect.objectContaining({ key: 'settings', source: 'appconfig', id: 'orders/prod/settings', code: 'InvalidJSON' })])
    expect(error.message).not.toContain('secret-looking-text')
  })
})

describe('appConfig.flags() reads a feature-flag profile', () => {
  const FLAGS = { ...ORDERS, profile: 'flags' }

  it("gives each flag's enabled and attributes, frozen", async () => {
    service.deploy('orders/prod/flags', JSON.stringify({ checkout: { enabled: true, percentage: 20 }, legacy: { enabled: false } }))

    const flags = (await resolve(appConfig.flags(FLAGS, API))) as FeatureFlags

    expect(flags).toEqual({ checkout: { enabled: true, percentage: 20 }, legacy: { enabled: false } })
    expect(Object.isFrozen(flags.checkout)).toBe(true)
  })

  it('fails with InvalidFeatureFlags when a flag has no boolean enabled, naming the flag', async () => {
    service.deploy('orders/prod/flags', JSON.stringify({ checkout: { enabled: 'yes' } }))

    const error = await invokeFailing(registry({ fetch: { flags: appConfig.flags(FLAGS, API) }, ...testOptions() }))

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'InvalidFeatureFlags', message: 'flag checkout of the AppConfig configuration orders/prod/flags has no boolean "enabled"' },
    ])
  })

  it('fails with UnsupportedContentType for multi-variant flags served as Amazon Ion', async () => {
    service.deploy('orders/prod/flags', "'checkout'::[]", 'application/ion; type=AWS.AppConfig.FeatureFlags')

    const error = await invokeFailing(registry({ fetch: { flags: appConfig.flags(FLAGS, API) }, ...testOptions() }))

    expect(error.failures[0]).toEqual(expect.objectContaining({ key: 'flags', code: 'UnsupportedContentType' }))
  })
})

describe('a configuration that does not exist', () => {
  it('fails with ResourceNotFoundException, naming the key, source and configuration', async () => {
    const error = await invokeFailing(registry({ fetch: { settings: appConfig(ORDERS, API) }, ...testOptions() }))

    expect(error.failures).toEqual([
      expect.objectContaining({ key: 'settings', source: 'appconfig', id: 'orders/prod/settings', code: 'ResourceNotFoundException' }),
    ])
  })

  it('resolves to undefined when the reference is optional', async () => {
    const context = await invoke(registry({ fetch: { settings: appConfig(ORDERS, { ...API, optional: true }) }, ...testOptions() }))

    expect(context.settings).toBeUndefined()
  })

  it('does not hide a denied read behind optional', async () => {
    appConfigMock.on(StartConfigurationSessionCommand).rejects(awsError('AccessDeniedException'))

    const error = await invokeFailing(registry({ fetch: { settings: appConfig(ORDERS, { ...API, optional: true }) }, ...testOptions() }))

    expect(error.failures[0]!.code).toBe('AccessDeniedException')
  })
})
