// Importing the testing module first switches this test file's process to test mode.

import { afterEach, describe, expect, it } from '@jest/globals'
import { appConfig, registry } from '../../../src/index.js'
import { missing, resetRegistryStubs, stubReference, stubRegistry } from '../../../src/testing/index.js'
import { invoke, invokeFailing } from '../helpers.js'
import { appConfigMock } from '../mocks.js'

const SHOP = { application: 'shop', environment: 'prod' } as const

const config = registry({
  fetch: {
    limits: appConfig.json<{ rps: number }>({ ...SHOP, profile: 'limits' }, { agent: false }),
    flags: appConfig.flags({ ...SHOP, profile: 'flags' }, { agent: true }),
  },
})

describe('middy-registry/testing with AppConfig references', () => {
  afterEach(() => resetRegistryStubs())

  it('serves stubbed configurations without calling AppConfig or its agent', async () => {
    stubRegistry(config, { limits: { rps: 5 }, flags: { checkout: { enabled: true } } })

    const context = await invoke(config)

    expect({ limits: context.limits, flags: context.flags }).toEqual({ limits: { rps: 5 }, flags: { checkout: { enabled: true } } })
    expect(appConfigMock.calls()).toHaveLength(0)
  })

  it("simulates a missing configuration with AppConfig's ResourceNotFoundException", async () => {
    stubRegistry(config, { limits: missing(), flags: {} })

    const error = await invokeFailing(config)

    expect(error.failures.map(({ key, source, code }) => `${key}: ${source} ${code}`)).toEqual(['limits: appconfig ResourceNotFoundException'])
  })

  it('stubs one configuration by its reference, for every registry that declares it', async () => {
    stubReference(appConfig.json({ ...SHOP, profile: 'limits' }, { agent: false }), { rps: 1 })
    stubReference(appConfig.flags({ ...SHOP, profile: 'flags' }, { agent: true }), { checkout: { enabled: false } })

    const context = await invoke(config)

    expect({ limits: context.limits, flags: context.flags }).toEqual({ limits: { rps: 1 }, flags: { checkout: { enabled: false } } })
  })
})
