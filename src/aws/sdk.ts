/**
 * The one place the AWS SDK is loaded. Each service's descriptor (sdk/<service>.node.js or
 * .bundler.js, picked per runtime by the package's "#sdk/*" imports) says which package and
 * client class it is, how to load it, and whether it may be loaded synchronously; each
 * source registers its own, so a function loads, and a bundle holds, only the clients its
 * declarations use (80-250 ms of cold start each).
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { sdk as Descriptor } from '#sdk/ssm'
import type { ServiceName } from '../core/client-scope.js'

export type SdkDescriptor = typeof Descriptor
type SdkModule = Record<string, unknown>

const descriptors = new Map<ServiceName, SdkDescriptor>()
const modules = new Map<ServiceName, Promise<SdkModule>>()
const wholePackages = new Map<ServiceName, Promise<SdkModule>>()
const inMemory = new Map<ServiceName, SdkModule>()

/** Raised when an optional SDK peer is missing, with the command that fixes it. */
export class SdkNotInstalledError extends Error {
  override readonly name = 'SdkNotInstalled'
  constructor(sdkPackage: string) {
    super(`${sdkPackage} is not installed; add it with "npm install ${sdkPackage}"`)
  }
}

function remember(service: ServiceName, sdk: SdkModule): void {
  inMemory.set(service, sdk)
  modules.set(service, Promise.resolve(sdk))
}

/** Registers a service's descriptor; a bundle's module is in memory at once. */
export function registerSdk(descriptor: SdkDescriptor): void {
  descriptors.set(descriptor.service, descriptor)
  if (descriptor.loaded) remember(descriptor.service, descriptor.loaded)
}

function descriptorOf(service: ServiceName): SdkDescriptor {
  const descriptor = descriptors.get(service)
  if (!descriptor) throw new Error(`no SDK descriptor is registered for ${service}: import its source first`)
  return descriptor
}

// How an import (ES module) and a require (CommonJS, or a bundle's) say a package is missing.
const MISSING_MODULE = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])

function loadOnce(cache: Map<ServiceName, Promise<SdkModule>>, service: ServiceName, load: () => Promise<SdkModule>): Promise<SdkModule> {
  let loading = cache.get(service)
  if (!loading) {
    loading = load().catch((error: unknown) => {
      // A failed load must not poison the cache: the next resolution tries again.
      cache.delete(service)
      throw MISSING_MODULE.has((error as { code?: string }).code ?? '') ? new SdkNotInstalledError(descriptorOf(service).package) : error
    })
    cache.set(service, loading)
  }
  return loading
}

/** The SDK module of a service (its client class and the commands its source sends), loaded once. */
export function loadSdk(service: ServiceName): Promise<SdkModule> {
  return loadOnce(modules, service, () => descriptorOf(service).load())
}

/** The module, if it is in memory already (bundled, or loaded synchronously). */
export const sdkInMemory = (service: ServiceName): SdkModule | undefined => inMemory.get(service)

/** registry()'s `clients` keys, each with its service: one per registered service that takes a client of your own. */
export function clientOptions(): ReadonlyMap<string, ServiceName> {
  return new Map([...descriptors.values()].flatMap(({ option, service }) => (option ? [[option, service] as const] : [])))
}

/** The `clients` key of a service, if it takes a client of your own. */
export const clientOptionOf = (service: ServiceName): string | undefined => descriptors.get(service)?.option

/** The export name of a service's client class, e.g. `SSMClient`. */
export const clientClassOf = (service: ServiceName): string => descriptorOf(service).client

// Where both resolvers exist, they must agree on the file: an `exports` map could send
// import() to an ES module build that require() does not see.
function resolvesAlike(specifier: string, requireHere: NodeJS.Require): boolean {
  const resolveEsm = (import.meta as { resolve?: (specifier: string) => string }).resolve
  if (typeof resolveEsm !== 'function') return true
  return resolveEsm(specifier) === pathToFileURL(requireHere.resolve(specifier)).href
}

/**
 * Loads a service's SDK now, synchronously, where its descriptor says that is sound:
 * called by registry() during init, which Lambda does not wait for past the module's
 * top level, so that the first invocation finds the client loaded. Elsewhere, or when the
 * package is missing, the asynchronous load happens (and reports) when it is needed.
 */
export function preloadSdk(service: ServiceName): void {
  const descriptor = descriptors.get(service)
  if (modules.has(service) || !descriptor?.loadsSynchronously) return
  try {
    const requireHere = createRequire(import.meta.url)
    if (resolvesAlike(descriptor.package, requireHere)) remember(service, requireHere(descriptor.package) as SdkModule)
  } catch {
    // Not installed, or a CommonJS bundle without import.meta: the asynchronous load will say.
  }
}

// The whole package, for commands beyond a bundle's subset (the publisher and the CLI,
// which usually run from node_modules, where load() is the whole package already). A
// specifier held in a variable keeps bundlers from pulling it in.
const wholePackage = (service: ServiceName) => {
  const specifier = descriptorOf(service).package
  return loadOnce(wholePackages, service, () => import(specifier) as Promise<SdkModule>)
}

/** A command instance, e.g. `command('ssm', 'GetParametersCommand', input)`. */
export async function command(service: ServiceName, name: string, input: object): Promise<unknown> {
  const sdk = await loadSdk(service)
  const Command = (sdk[name] ?? (await wholePackage(service))[name]) as new (input: object) => unknown
  return new Command(input)
}
