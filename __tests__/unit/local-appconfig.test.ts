/** The local registry file serves appConfig() references from its "appConfig" section, without the SDK or the agent. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { removeRegistryFiles, writeRegistry } from './registry-files.js'
import { notInstalled } from './sdk-not-installed.js'

// The AppConfig Data SDK stands in as "not installed": a local registry must never load it.
const sdkLoads: string[] = []
jest.unstable_mockModule('#sdk/appconfigdata', notInstalled('@aws-sdk/client-appconfigdata', sdkLoads))

const { registry, appConfig, clearRegistryCache } = await import('../../src/index.js')
// After the mocks: helpers import the package, whose sources import their SDK loaders.
const { invoke, invokeFailing } = await import('./helpers.js')

const location = (profile: string) => ({ application: 'orders', environment: 'dev', profile })

const ordersFile = () =>
  writeRegistry({
    appConfig: {
      'orders/dev/settings': { rps: 5, regions: ['eu-west-1'] },
      'orders/dev/banner': 'Welcome to the dev shop',
      'orders/dev/raw-json': '{"rps": 7}',
      'orders/dev/flags': { checkout: { enabled: true, percentage: 100 }, legacy: { enabled: false } },
    },
  })

beforeEach(() => {
  clearRegistryCache()
  sdkLoads.length = 0
})

afterEach(() => {
  removeRegistryFiles()
})

describe('local registry: AppConfig configurations', () => {
  it('serves data as data, text as text, JSON text to json(), and flags, all frozen', async () => {
    const fetch = {
      settings: appConfig(location('settings')),
      banner: appConfig(location('banner')),
      parsed: appConfig.json<{ rps: number }>(location('raw-json')),
      flags: appConfig.flags(location('flags')),
    }

    const context = await invoke(registry({ fetch, local: ordersFile(), prefetch: false }))

    expect(context.settings).toEqual({ rps: 5, regions: ['eu-west-1'] })
    expect(Object.isFrozen(context.settings)).toBe(true)
    expect(context.banner).toBe('Welcome to the dev shop')
    expect(context.parsed).toEqual({ rps: 7 })
    expect(context.flags.checkout).toEqual({ enabled: true, percentage: 100 })
    expect(sdkLoads).toEqual([])
  })

  it('stands in for the agent too', async () => {
    const context = await invoke(
      registry({ fetch: { settings: appConfig(location('settings'), { agent: { port: 1 } }) }, local: ordersFile(), prefetch: false }),
    )

    expect(context.settings).toEqual({ rps: 5, regions: ['eu-west-1'] })
  })

  it('answers a configuration it does not hold as AppConfig does: ResourceNotFoundException, or undefined if optional', async () => {
    const file = ordersFile()

    const error = await invokeFailing(registry({ fetch: { missing: appConfig(location('missing')) }, local: file, prefetch: false }))
    const context = await invoke(registry({ fetch: { missing: appConfig(location('missing'), { optional: true }) }, local: file, prefetch: false }))

    expect(error.failures.map(({ source, code }) => ({ source, code }))).toEqual([{ source: 'local', code: 'ResourceNotFoundException' }])
    expect(context.missing).toBeUndefined()
  })

  it('checks feature flags as AppConfig answers are checked', async () => {
    const file = writeRegistry({ appConfig: { 'orders/dev/flags': { checkout: { percentage: 100 } } } })

    const error = await invokeFailing(registry({ fetch: { flags: appConfig.flags(location('flags')) }, local: file, prefetch: false }))

    expect(error.failures[0]!.code).toBe('InvalidFeatureFlags')
  })

  it('says so when the section is not an object', async () => {
    const file = writeRegistry({ appConfig: ['orders/dev/settings'] })

    const error = await invokeFailing(registry({ fetch: { settings: appConfig(location('settings')) }, local: file, prefetch: false }))

    expect(error.failures[0]!.code).toBe('LocalRegistryInvalid')
  })
})
