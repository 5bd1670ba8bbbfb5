/** appConfig(), appConfig.json() and appConfig.flags() declarations: what they hold, and every mistake named at declaration. */
import { afterEach, describe, expect, it } from '@jest/globals'
import { appConfig } from '../../../src/index.js'

const ORDERS = { application: 'orders', environment: 'prod', profile: 'settings' }
// Declarations are checked at run time for callers without TypeScript: bypass the types.
const declare = (location: unknown, options?: unknown) => () =>
  appConfig(location as Parameters<typeof appConfig>[0], options as Parameters<typeof appConfig>[1])

const savedEnv = { ...process.env }
afterEach(() => {
  process.env = { ...savedEnv }
})

describe('an appConfig() declaration', () => {
  it('is a frozen reference to application/environment/profile, read through the AppConfig Data API by default', () => {
    const reference = appConfig(ORDERS, { cacheExpiry: 30_000 })

    expect(reference).toEqual(
      expect.objectContaining({
        source: 'appconfig',
        kind: 'configuration',
        id: 'orders/prod/settings',
        decoding: 'content',
        secret: false,
        readKey: 'via=api|as=content',
      }),
    )
    expect(reference.options).toEqual({ cacheExpiry: 30_000, application: 'orders', environment: 'prod', profile: 'settings' })
    expect(Object.isFrozen(reference)).toBe(true)
  })

  it('is an entry of its own for each decoding, and through the agent for each port', () => {
    expect(appConfig.json(ORDERS).readKey).toBe('via=api|as=json')
    expect(appConfig.flags(ORDERS, { agent: true }).readKey).toBe('via=agent:2772|as=flags')
    expect(appConfig(ORDERS, { agent: { port: 8080 } }).options.agentPort).toBe(8080)
  })

  it('reads through the agent when a variable that configures it is set, on its port', () => {
    process.env.AWS_APPCONFIG_EXTENSION_PREFETCH_LIST = '/applications/orders/environments/prod/configurations/settings'
    process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT = '2999'

    expect(appConfig(ORDERS).readKey).toBe('via=agent:2999|as=content')
    expect(appConfig(ORDERS, { agent: false }).readKey).toBe('via=api|as=content')
    expect(appConfig(ORDERS, { agent: { port: 3000 } }).readKey).toBe('via=agent:3000|as=content')
  })
})

describe('mistakes fail at declaration, naming the option and never echoing a value', () => {
  it.each([
    ['no location', undefined, undefined, 'appConfig(): expects the location as an object like { application, environment, profile }'],
    [
      'a missing profile',
      { application: 'orders', environment: 'prod' },
      undefined,
      'appConfig(): "profile" must be a name or id of 1 to 128 characters, got undefined',
    ],
    ['an empty application', { ...ORDERS, application: '' }, undefined, '"application" must be a name or id of 1 to 128 characters, got an empty string'],
    [
      'an environment of 129 characters',
      { ...ORDERS, environment: 'e'.repeat(129) },
      undefined,
      '"environment" must be a name or id of 1 to 128 characters, got a string of 129 characters',
    ],
    [
      'an option in the location',
      { ...ORDERS, optional: true },
      undefined,
      'unknown location key "optional" (it takes application, environment, profile; options go in the second argument)',
    ],
    ['an unknown option', ORDERS, { decrypt: true }, 'appConfig(): unknown option "decrypt" (allowed: cacheExpiry, maxStale, optional, assumeRole, agent)'],
    [
      'an agent that is not a boolean or { port }',
      ORDERS,
      { agent: 'yes' },
      'option "agent" must be true, false or { port } with a port number from 1 to 65535',
    ],
    ['an agent port out of range', ORDERS, { agent: { port: 70_000 } }, 'option "agent" must be true, false or { port } with a port number from 1 to 65535'],
    [
      'assumeRole through the agent',
      ORDERS,
      { agent: true, assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/reader' } },
      'option "assumeRole" does not apply through the AppConfig Agent',
    ],
  ])('%s', (_case, location, options, message) => {
    expect(declare(location, options)).toThrow(TypeError)
    expect(declare(location, options)).toThrow(message)
  })

  it('names the variable, not its value, when AWS_APPCONFIG_EXTENSION_HTTP_PORT is not a port', () => {
    process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT = 'http://secret-host:1'

    expect(declare(ORDERS, { agent: true })).toThrow(
      'appConfig(): the environment variable AWS_APPCONFIG_EXTENSION_HTTP_PORT must be a port number from 1 to 65535',
    )
    expect(declare(ORDERS, { agent: true })).not.toThrow('secret-host')
  })

  it('names the caller of json() and flags()', () => {
    expect(() => appConfig.json(undefined as never)).toThrow('appConfig.json():')
    expect(() => appConfig.flags(undefined as never)).toThrow('appConfig.flags():')
  })
})
