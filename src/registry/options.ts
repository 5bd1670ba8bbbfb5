import { resolve } from 'node:path'
import { awsClientOptionsProblem } from '../aws/client-options.js'
import { clientOptions } from '../aws/sdk.js'
import { DEFAULT_MAX_STALE } from '../cache/freshness.js'
import { DEFAULT_PREFETCH_WAIT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_TIMEOUT_MARGIN } from '../core/deadline.js'
import { describeValue, pathText, propertyPath, quote } from '../core/describe.js'
import { declarationMapProblem } from '../core/keys.js'
import { isCacheExpiry, isReference } from '../core/reference.js'
import { checkAssumeRole } from '../core/role.js'
import { isObject } from '../core/values.js'
import { LOCAL_REGISTRY_ENV } from '../local-registry/loader.js'
import { isServiceReference } from '../services/brand.js'
import { isServiceName } from '../services/names.js'
import type { ServiceConvention } from '../services/service.js'
import type { OnChange } from './changes.js'
import type { RegistryEvent } from './events.js'
import type { RoutingSettings } from './route.js'
import { snapshotLocationOf } from './snapshot-location.js'
import type { FetchMap, RegistryOptions } from './types.js'

/** Five minutes: endpoints rarely move, and rotated keys are picked up within one expiry. */
export const DEFAULT_CACHE_EXPIRY = 5 * 60_000

const OPTION_NAMES = [
  'fetch',
  'cacheExpiry',
  'maxStale',
  'prefetch',
  'prefetchWait',
  'requestTimeout',
  'timeoutMargin',
  'onEvent',
  'onChange',
  'awsClientOptions',
  'clients',
  'assumeRole',
  'stage',
  'convention',
  'local',
  'maxEntries',
  'snapshot',
] as const

// Properties of the Lambda context: a fetch key with one of these names would shadow it.
const LAMBDA_CONTEXT_KEYS = new Set([
  'callbackWaitsForEmptyEventLoop',
  'functionName',
  'functionVersion',
  'invokedFunctionArn',
  'memoryLimitInMB',
  'awsRequestId',
  'logGroupName',
  'logStreamName',
  'identity',
  'clientContext',
  'tenantId',
  'getRemainingTimeInMillis',
  'done',
  'fail',
  'succeed',
])

/** Registry settings after validation, with defaults applied. */
export interface RegistrySettings extends RoutingSettings {
  readonly fetch: FetchMap
  readonly cacheExpiry: number
  readonly maxStale: number
  readonly prefetch: boolean
  /** Milliseconds the prefetch may retry a throttled registry before `ready()` resolves. */
  readonly prefetchWait: number
  /** Milliseconds an invocation keeps for itself when it waits for the registry. */
  readonly timeoutMargin: number
  readonly onEvent?: (event: RegistryEvent) => void
  readonly onChange?: OnChange
  readonly stage?: string
  readonly convention?: ServiceConvention
  /** The most entries the process-wide cache keeps, as this registry sets it (the default when none does). */
  readonly maxEntries?: number
}

const fail = (message: string): never => {
  throw new TypeError(`registry(): ${message}`)
}

function checkFetch(fetch: unknown): FetchMap {
  if (!isObject(fetch)) return fail('option "fetch" is required: an object of context keys to references')
  // Before the emptiness check: `{ __proto__: ssm('/x') }` is empty because it set the prototype.
  const problem = declarationMapProblem(fetch)
  if (problem) fail(`option "fetch" ${problem}`)
  const entries = Object.entries(fetch)
  if (entries.length === 0) fail('option "fetch" is empty: declare at least one reference')
  for (const [key, reference] of entries) {
    const where = propertyPath('fetch', key)
    if (!isReference(reference) && !isServiceReference(reference))
      fail(`${where} is not a reference (${describeValue(reference)}); declare it with ssm(), secret(), service() or their variants`)
    if (LAMBDA_CONTEXT_KEYS.has(key)) fail(`${where} would overwrite the Lambda context's own "${key}"; choose another key`)
  }
  return { ...fetch } as FetchMap
}

function checkClients(clients: unknown): RoutingSettings['clients'] {
  if (clients === undefined) return undefined
  if (!isObject(clients)) return fail('option "clients" must be an object like { ssm, secretsManager, serviceDiscovery, dynamodb }')
  // The keys of the services whose sources are loaded: each registers its own.
  const known = [...clientOptions().keys()]
  for (const [name, client] of Object.entries(clients)) {
    if (!known.includes(name)) fail(`${propertyPath('clients', name)} is not a client this middleware uses (allowed: ${known.join(', ')})`)
    if (client !== undefined && typeof (client as { send?: unknown })?.send !== 'function')
      fail(`clients.${name} must be an AWS SDK v3 client (with a send() method)`)
  }
  return { ...clients }
}

function checkStage(stage: unknown): string | undefined {
  if (stage !== undefined && !isServiceName(stage)) fail(`option "stage" must be 1-128 letters, digits or _ . -, got ${describeValue(stage)}`)
  return stage as string | undefined
}

// Only the shape: service() checks the templates or table when it expands, still in
// registry(), so that a registry without services bundles none of the convention code.
function checkConvention(convention: unknown): ServiceConvention | undefined {
  if (convention !== undefined && !isObject(convention)) fail('option "convention" must be an object like { endpoint, apiKey } or { table }')
  return convention as ServiceConvention | undefined
}

function checkLocal(local: unknown): string | undefined {
  if (local === false) return undefined
  if (local !== undefined && (typeof local !== 'string' || local === '')) fail('option "local" must be a file path or false')
  const file = (local as string | undefined) ?? process.env[LOCAL_REGISTRY_ENV]
  return file ? resolve(file) : undefined
}

const isMilliseconds = (value: unknown, min: number) => typeof value === 'number' && Number.isFinite(value) && value >= min

// A deadline is always set: a request with none can hold a key, and every reader of it, forever.
function checkTimeouts({
  requestTimeout = DEFAULT_REQUEST_TIMEOUT,
  timeoutMargin = DEFAULT_TIMEOUT_MARGIN,
  prefetchWait = DEFAULT_PREFETCH_WAIT,
}: {
  requestTimeout?: unknown
  timeoutMargin?: unknown
  prefetchWait?: unknown
}) {
  if (!isMilliseconds(requestTimeout, 1)) fail(`option "requestTimeout" must be a finite number of milliseconds > 0, got ${describeValue(requestTimeout)}`)
  if (!isMilliseconds(timeoutMargin, 0)) fail(`option "timeoutMargin" must be a finite number of milliseconds >= 0, got ${describeValue(timeoutMargin)}`)
  if (!isMilliseconds(prefetchWait, 1)) fail(`option "prefetchWait" must be a finite number of milliseconds > 0, got ${describeValue(prefetchWait)}`)
  return { requestTimeout: requestTimeout as number, timeoutMargin: timeoutMargin as number, prefetchWait: prefetchWait as number }
}

function checkMaxEntries(maxEntries: unknown): number | undefined {
  if (maxEntries === undefined || maxEntries === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxEntries) && (maxEntries as number) >= 1))
    return maxEntries as number | undefined
  return fail(`option "maxEntries" must be a whole number >= 1 (or Infinity), got ${describeValue(maxEntries)}`)
}

/** Validates `registry()` options; every mistake fails here, at init, naming the option. */
export function checkRegistryOptions<F extends FetchMap>(options: RegistryOptions<F>): RegistrySettings {
  if (!isObject(options)) fail('expects an options object like { fetch: { key: ssm("/name") } }')
  for (const name of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(name)) fail(`unknown option ${quote(name)} (allowed: ${OPTION_NAMES.join(', ')})`)
  }
  const { cacheExpiry = DEFAULT_CACHE_EXPIRY, maxStale = DEFAULT_MAX_STALE, prefetch = true, onEvent, awsClientOptions } = options
  for (const [name, value] of [
    ['cacheExpiry', cacheExpiry],
    ['maxStale', maxStale],
  ] as const) {
    if (!isCacheExpiry(value)) fail(`option "${name}" must be a number of milliseconds >= 0 (or Infinity), got ${describeValue(value)}`)
  }
  if (onEvent !== undefined && typeof onEvent !== 'function') fail('option "onEvent" must be a function')
  if (options.onChange !== undefined && typeof options.onChange !== 'function') fail('option "onChange" must be a function')
  if (typeof prefetch !== 'boolean') fail(`option "prefetch" must be a boolean, got ${describeValue(prefetch)}`)
  const clientOptionsProblem = awsClientOptionsProblem(awsClientOptions)
  if (clientOptionsProblem) fail(`${pathText(clientOptionsProblem.path)} ${clientOptionsProblem.problem}`)
  const { requestTimeout, timeoutMargin, prefetchWait } = checkTimeouts(options)
  return {
    fetch: checkFetch(options.fetch),
    cacheExpiry,
    maxStale,
    prefetch,
    prefetchWait,
    requestTimeout,
    timeoutMargin,
    onEvent,
    onChange: options.onChange as OnChange | undefined,
    awsClientOptions,
    clients: checkClients(options.clients),
    assumeRole: options.assumeRole === undefined ? undefined : checkAssumeRole('registry()', options.assumeRole),
    stage: checkStage(options.stage),
    convention: checkConvention(options.convention),
    local: checkLocal(options.local),
    maxEntries: checkMaxEntries(options.maxEntries),
    snapshot: options.snapshot === undefined ? undefined : snapshotLocationOf(options.snapshot),
  }
}
