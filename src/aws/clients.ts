import { onClearRegistryCache } from '../cache/process-state.js'
import type { AwsClient, ClientScope, ServiceName } from '../core/client-scope.js'
import { loadNow } from './load-now.js'

/**
 * AWS SDK clients, created lazily and shared process-wide. A service's SDK module is
 * imported only when a reference needs it, so a function that reads only SSM never pays
 * for loading the Secrets Manager client (80-250 ms of cold start each).
 */

const PACKAGES: Record<ServiceName, string> = {
  ssm: '@aws-sdk/client-ssm',
  secretsmanager: '@aws-sdk/client-secrets-manager',
  servicediscovery: '@aws-sdk/client-servicediscovery',
  dynamodb: '@aws-sdk/client-dynamodb',
  sts: '@aws-sdk/client-sts',
}

type SdkModule = Record<string, unknown>

// Each source registers the loader of its own SDK client (sdk/*.js, through the package's
// "#sdk/*" imports: a dynamic import for Node.js, named static imports for bundlers), so a
// bundle holds, and a function loads, only the clients its declarations use, and a bundle
// only the commands they send. STS is loaded by a dynamic import of the whole package: its
// loader is in every bundle, where a static import would load it at start-up.
const importers = new Map<ServiceName, () => Promise<SdkModule>>()

/** Registers a source's SDK loader; `loaded` is its module when a bundle already holds it. */
export function registerSdk(service: ServiceName, importer: () => Promise<SdkModule>, loaded?: SdkModule): void {
  importers.set(service, importer)
  if (loaded) recordLoaded(service, loaded)
}

// The whole client package, for commands beyond a source's subset (the publisher and the
// CLI, which run from node_modules). A computed specifier keeps bundlers from pulling it in.
const importWholePackage = (service: ServiceName): Promise<SdkModule> => import(PACKAGES[service])

const CLIENT_CLASSES: Record<ServiceName, string> = {
  ssm: 'SSMClient',
  secretsmanager: 'SecretsManagerClient',
  servicediscovery: 'ServiceDiscoveryClient',
  dynamodb: 'DynamoDBClient',
  sts: 'STSClient',
}

const modules = new Map<ServiceName, Promise<SdkModule>>()
const wholePackages = new Map<ServiceName, Promise<SdkModule>>()
const loadedNow = new Map<ServiceName, SdkModule>()
const clients = new Map<string, Promise<AwsClient>>()

/** Raised when an optional SDK peer is missing, with the command that fixes it. */
export class SdkNotInstalledError extends Error {
  override readonly name = 'SdkNotInstalled'
  constructor(service: ServiceName) {
    super(`${PACKAGES[service]} is not installed; add it with "npm install ${PACKAGES[service]}"`)
  }
}

function loadOnce(cache: Map<ServiceName, Promise<SdkModule>>, service: ServiceName, importer: () => Promise<SdkModule>): Promise<SdkModule> {
  let loading = cache.get(service)
  if (!loading) {
    loading = importer().catch((error: unknown) => {
      cache.delete(service)
      const code = (error as { code?: string }).code
      throw code === 'ERR_MODULE_NOT_FOUND' ? new SdkNotInstalledError(service) : error
    })
    cache.set(service, loading)
  }
  return loading
}

const loadWholePackage = (service: ServiceName) => loadOnce(wholePackages, service, () => importWholePackage(service))

/** The SDK module of a service (its client class and the commands its source sends), imported once. */
export function loadSdk(service: ServiceName): Promise<SdkModule> {
  const importer = importers.get(service)
  return importer ? loadOnce(modules, service, importer) : loadWholePackage(service)
}

/** A module already in memory: loadSdk() resolves to it, and clientFor() creates clients at once. */
function recordLoaded(service: ServiceName, sdk: SdkModule): void {
  loadedNow.set(service, sdk)
  modules.set(service, Promise.resolve(sdk))
}

/**
 * Loads a service's SDK module now, synchronously, if that is sound (see load-now.ts):
 * called by registry() during init, so that the first invocation finds the client loaded
 * (and, with a prefetch, its request already in flight).
 */
export function preloadSdk(service: ServiceName): void {
  const importer = importers.get(service)
  if (modules.has(service) || !importer) return
  const sdk = loadNow<SdkModule>(importer, PACKAGES[service])
  if (sdk) recordLoaded(service, sdk)
}

/** A command instance, e.g. `command('ssm', 'GetParametersCommand', input)`. */
export async function command(service: ServiceName, name: string, input: object): Promise<unknown> {
  const sdk = await loadSdk(service)
  const Command = (sdk[name] ?? (await loadWholePackage(service))[name]) as new (input: object) => unknown
  return new Command(input)
}

/** The client for a scope: the user's own, or one created once per service and configuration. */
export function clientFor(scope: ClientScope): Promise<AwsClient> {
  if (scope.client) return Promise.resolve(scope.client)
  const { service } = scope
  if (!service) return Promise.reject(new Error(`no AWS client for ${scope.key}: its source reads without one`))
  const cacheKey = `${service}|${scope.key}`
  let client = clients.get(cacheKey)
  if (!client) {
    const create = (sdk: SdkModule) => {
      const Client = sdk[CLIENT_CLASSES[service]] as new (config: object) => AwsClient
      return new Client({ ...scope.options, ...(scope.region ? { region: scope.region } : {}) })
    }
    // A module loaded synchronously (preloadSdk) gives its client at once, still within init.
    const loaded = loadedNow.get(service)
    client = loaded ? Promise.resolve(create(loaded)) : loadSdk(service).then(create)
    // A failed load must not poison the cache: the next resolution tries again.
    client.catch(() => clients.delete(cacheKey))
    clients.set(cacheKey, client)
  }
  return client
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
