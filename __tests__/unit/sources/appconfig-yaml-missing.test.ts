/** Without the optional `yaml` package, a YAML configuration fails with a message that says what to do; JSON needs nothing. */

import { beforeEach, describe, expect, it, jest } from '@jest/globals'

jest.unstable_mockModule('yaml', () => {
  throw Object.assign(new Error("Cannot find package 'yaml'"), { code: 'ERR_MODULE_NOT_FOUND' })
})

const { appConfig, registry } = await import('../../../src/index.js')
// After the mocks: helpers import the package.
const { invoke, invokeFailing, testOptions } = await import('../helpers.js')
const { resetAll } = await import('../mocks.js')
const { FakeAppConfig } = await import('../appconfig-service.js')

const location = (profile: string) => ({ application: 'shop', environment: 'prod', profile })

let service: InstanceType<typeof FakeAppConfig>
beforeEach(() => {
  resetAll()
  service = new FakeAppConfig()
})

describe('without the yaml package', () => {
  it('a YAML configuration fails with YamlNotInstalled, saying to install it', async () => {
    service.deploy('shop/prod/limits', 'rps: 5\n', 'application/x-yaml')

    const error = await invokeFailing(registry({ fetch: { limits: appConfig(location('limits'), { agent: false }) }, ...testOptions() }))

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      {
        code: 'YamlNotInstalled',
        message: 'the AppConfig configuration shop/prod/limits is YAML: reading it needs the "yaml" package in the function (npm install yaml)',
      },
    ])
  })

  it('a JSON configuration needs nothing', async () => {
    service.deploy('shop/prod/limits', '{"rps": 5}')

    const context = await invoke(registry({ fetch: { limits: appConfig(location('limits'), { agent: false }) }, ...testOptions() }))

    expect(context.limits).toEqual({ rps: 5 })
  })
})
