import { onClearRegistryCache } from '../cache/process-state.js'
import type { AwsClient, ClientScope } from '../core/client-scope.js'
import { clientClassOf, loadSdk, sdkInMemory } from './sdk.js'

/**
 * AWS SDK clients, created lazily (once per service and configuration) and shared
 * process-wide; the SDK itself is loaded by ./sdk.ts.
 */
const clients = new Map<string, Promise<AwsClient>>()

/** The client for a scope: the user's own, or one created once per service and configuration. */
export function clientFor(scope: ClientScope): Promise<AwsClient> {
  if (scope.client) return Promise.resolve(scope.client)
  const { service } = scope
  if (!service) return Promise.reject(new Error(`no AWS client for ${scope.key}: its source reads without one`))
  const cacheKey = `${service}|${scope.key}`
  let client = clients.get(cacheKey)
  if (!client) {
    const create = (sdk: Record<string, unknown>) => {
      const Client = sdk[clientClassOf(service)] as new (config: object) => AwsClient
      return new Client({ ...scope.options, ...(scope.region ? { region: scope.region } : {}) })
    }
    // A module in memory (bundled, or loaded synchronously) gives its client at once, still within init.
    const loaded = sdkInMemory(service)
    client = loaded ? Promise.resolve(create(loaded)) : loadSdk(service).then(create)
    // A failed load must not poison the cache: the next resolution tries again.
    client.catch(() => clients.delete(cacheKey))
    clients.set(cacheKey, client)
  }
  return client
}

/**
 * The Region a client made with these options reads in, as a cache key knows it: the
 * `region` option, or AWS_REGION (a provider function's Region is the SDK's to resolve).
 */
export function regionKeyOf(options: Readonly<Record<string, unknown>> | undefined): string {
  const region = options?.region
  return typeof region === 'string' ? region : (process.env.AWS_REGION ?? '')
}

/**
 * A stable string for client options: plain data by content (so two registries that each
 * write `{ region: 'eu-west-1' }` share clients and cache), anything else (functions,
 * class instances, credentials) by identity, so no secret is copied into a cache key.
 */
export function fingerprintOf(value: unknown, key = ''): string {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' ? `#${identityOf(value)}` : (JSON.stringify(value) ?? 'undefined')
  }
  const prototype = Object.getPrototypeOf(value)
  if (key === 'credentials' || (prototype !== Object.prototype && prototype !== null && !Array.isArray(value))) return `#${identityOf(value)}`
  if (Array.isArray(value)) return `[${value.map((item) => fingerprintOf(item)).join(',')}]`
  const entries = Object.keys(value)
    .sort()
    .map((name) => `${JSON.stringify(name)}:${fingerprintOf((value as Record<string, unknown>)[name], name)}`)
  return `{${entries.join(',')}}`
}

// clearRegistryCache() forgets every client created so far: their credentials may be cached.
onClearRegistryCache(() => clients.clear())

const identities = new WeakMap<object, number>()
let nextIdentity = 1

/**
 * A short, stable id for an object (client or options), so that cache keys tell apart
 * registries configured differently without serialising credentials or functions.
 */
export function identityOf(value: object): number {
  let id = identities.get(value)
  if (id === undefined) {
    id = nextIdentity++
    identities.set(value, id)
  }
  return id
}
