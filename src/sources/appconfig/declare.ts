/**
 * `appConfig()`: the configuration deployed with AWS AppConfig to an environment, parsed
 * by its content type; `appConfig.json<T>()` typed; `appConfig.flags<T>()` a feature-flag
 * profile. Read through the AppConfig Data API, or through the AppConfig Agent Lambda
 * extension where the function runs with it; fetched, cached, refreshed and reported like
 * every other reference.
 */
import type { AwsClient } from '../../core/client-scope.js'
import { describeValue, quote } from '../../core/describe.js'
import { registerNotFoundCodes } from '../../core/outcome.js'
import { refusePerInvocation } from '../../core/per-invocation.js'
import { InputError } from '../../core/problem.js'
import {
  COMMON_OPTIONS,
  type CommonOptions,
  createReference,
  type Decoding,
  type OptionCheck,
  type Reference,
  type ReferenceOptions,
  validateOptions,
} from '../../core/reference.js'
import { isObject } from '../../core/values.js'
import { agentPortOf, isPort } from './agent.js'
import { fetchFromAppConfig } from './read.js'

// What this source calls an entry that does not exist: `optional` forgives it.
registerNotFoundCodes(['ResourceNotFoundException'])

declare module '../../core/client-scope.js' {
  interface RegistryClients {
    /** Your own AppConfigDataClient, used as it is (not for references read through a role or through the AppConfig Agent). */
    appConfig?: AwsClient
  }
}

/** Which deployed configuration: each a name or an id, as StartConfigurationSession takes them. */
export interface AppConfigLocation {
  application: string
  environment: string
  /** The configuration profile. */
  profile: string
}

/** Options of an AppConfig reference. */
export interface AppConfigOptions extends CommonOptions {
  /**
   * Read through the AppConfig Agent Lambda extension on localhost instead of the AppConfig
   * Data API: `true`, or `{ port }`; `false` never. Default: the agent when the function
   * sets one of its `AWS_APPCONFIG_EXTENSION_*` variables. Its port: `port`, else
   * `AWS_APPCONFIG_EXTENSION_HTTP_PORT`, else 2772.
   */
  agent?: boolean | { port?: number }
}

/** One feature flag as AppConfig serves it: whether it is on, and its attributes. */
export interface FeatureFlag {
  readonly enabled: boolean
  readonly [attribute: string]: unknown
}

/** A feature-flag profile: each flag by name. */
export type FeatureFlags = Readonly<Record<string, FeatureFlag>>

type Optional = { optional: true }

const AGENT: OptionCheck = {
  check: (value) =>
    typeof value === 'boolean' || (isObject(value) && Object.keys(value).every((name) => name === 'port') && (value.port === undefined || isPort(value.port))),
  expected: 'true, false or { port } with a port number from 1 to 65535',
}
const OPTIONS = { ...COMMON_OPTIONS, agent: AGENT }
const LOCATION = ['application', 'environment', 'profile'] as const

// StartConfigurationSession takes identifiers (a name or an id) of 1 to 128 characters.
const isIdentifier = (value: unknown): value is string => typeof value === 'string' && value.length >= 1 && value.length <= 128

function checkLocation(caller: string, location: unknown): Record<(typeof LOCATION)[number], string> {
  if (!isObject(location)) throw new InputError(caller, 'expects the location as an object like { application, environment, profile }')
  const unknown = Object.keys(location).find((name) => !(LOCATION as readonly string[]).includes(name))
  if (unknown !== undefined) {
    throw new InputError(caller, `unknown location key ${quote(unknown)} (it takes ${LOCATION.join(', ')}; options go in the second argument)`)
  }
  for (const name of LOCATION) {
    if (!isIdentifier(location[name])) {
      throw new InputError(caller, `"${name}" must be a name or id of 1 to 128 characters, got ${describeValue(location[name])}`)
    }
  }
  return location as Record<(typeof LOCATION)[number], string>
}

function appConfigReference<T>(caller: string, location: unknown, options: unknown, decoding: Decoding): Reference<T> {
  refusePerInvocation(caller, location)
  const { application, environment, profile } = checkLocation(caller, location)
  const { agent, ...checked }: ReferenceOptions = validateOptions(caller, options, OPTIONS)
  const agentPort = agentPortOf(caller, agent)
  if (agentPort !== undefined && checked.assumeRole !== undefined) {
    throw new InputError(caller, 'option "assumeRole" does not apply through the AppConfig Agent, which reads with the function\'s role: set agent: false')
  }
  return createReference<T>({
    reader: fetchFromAppConfig,
    source: 'appconfig',
    client: 'appconfigdata',
    notFound: 'ResourceNotFoundException',
    kind: 'configuration',
    // How it is read and shaped: an entry (and an AppConfig session) of its own for each.
    readKey: `via=${agentPort === undefined ? 'api' : `agent:${agentPort}`}|as=${decoding}`,
    id: `${application}/${environment}/${profile}`,
    selector: '',
    decoding,
    secret: false,
    options: { ...checked, application, environment, profile, ...(agentPort === undefined ? {} : { agentPort }) },
  })
}

/**
 * The configuration deployed to an AppConfig environment, parsed by its content type:
 * JSON and YAML (with the `yaml` package) to frozen data, anything else as text. A
 * location that does not exist fails with `ResourceNotFoundException` (or resolves to
 * `undefined` if `optional`).
 */
function appConfig(location: AppConfigLocation, options: AppConfigOptions & Optional): Reference<unknown>
function appConfig(location: AppConfigLocation, options?: AppConfigOptions): Reference<unknown>
function appConfig(location: AppConfigLocation, options?: AppConfigOptions): Reference<unknown> {
  return appConfigReference('appConfig()', location, options, 'content')
}

/** A configuration holding JSON (or YAML), parsed; `T` types it (it is not validated at run time). */
function json<T = unknown>(location: AppConfigLocation, options: AppConfigOptions & Optional): Reference<T | undefined>
function json<T = unknown>(location: AppConfigLocation, options?: AppConfigOptions): Reference<T>
function json<T = unknown>(location: AppConfigLocation, options?: AppConfigOptions): Reference<T | undefined> {
  return appConfigReference('appConfig.json()', location, options, 'json')
}

// Without `T`, the flags are FeatureFlags: the overloads without a type parameter come
// first, so that no context (a `fetch` map) infers `T` as something else. A `T` must give
// every flag its `enabled` boolean.
/**
 * A feature-flag profile: each flag's `enabled` and attributes, `{ [flag]: { enabled, …attributes } }`.
 * An answer in which a flag lacks a boolean `enabled` fails with `InvalidFeatureFlags`
 * (and the last good flags stay). `T` types the flags you read.
 */
function flags(location: AppConfigLocation, options: AppConfigOptions & Optional): Reference<FeatureFlags | undefined>
function flags(location: AppConfigLocation, options?: AppConfigOptions): Reference<FeatureFlags>
function flags<T extends { [K in keyof T]: { enabled: boolean } }>(location: AppConfigLocation, options: AppConfigOptions & Optional): Reference<T | undefined>
function flags<T extends { [K in keyof T]: { enabled: boolean } }>(location: AppConfigLocation, options?: AppConfigOptions): Reference<T>
function flags(location: AppConfigLocation, options?: AppConfigOptions): Reference<unknown> {
  return appConfigReference('appConfig.flags()', location, options, 'flags')
}

appConfig.json = json
appConfig.flags = flags

export { appConfig }
