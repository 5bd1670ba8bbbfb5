/**
 * Reaches the local registry (offline development, tests, the demo) without bundling it.
 * The local registry and its file formats are a quarter of the package: a function that
 * reads AWS should neither parse nor ship them. So the core loads them on first use with
 * a specifier held in a variable, which bundlers leave alone. Run from node_modules (or
 * from source) that import finds `./local.js` beside this file; a bundle that must read a
 * local registry imports `middy-registry/local`, which registers it up front.
 */
import { failed } from '../core/outcome.js'
import type { Source } from '../core/reference.js'
import { failEach } from '../core/source.js'

/** The environment variable that names a local registry file (a locator, never a value). */
export const LOCAL_REGISTRY_ENV = 'MIDDY_REGISTRY_LOCAL'

type LocalSourceFactory = (file: string) => Source

let registered: LocalSourceFactory | undefined

/** Called by `middy-registry/local`, so that a bundle holding it needs no module lookup. */
export function registerLocalSource(factory: LocalSourceFactory): void {
  registered = factory
}

const LOCAL_MODULE = './read.js'

async function localSourceFactory(): Promise<LocalSourceFactory> {
  if (!registered) registered = ((await import(LOCAL_MODULE)) as { localSource: LocalSourceFactory }).localSource
  return registered
}

const unavailable = (file: string) =>
  failed(
    'LocalRegistryUnavailable',
    `the local registry file ${file} was selected, but this bundle does not include the local registry: add import 'middy-registry/local' to the handler module`,
  )

/** The local registry source for a file, loaded the first time it fetches. */
export function lazyLocalSource(file: string): Source {
  return async (requests) => {
    let factory: LocalSourceFactory
    try {
      factory = await localSourceFactory()
    } catch {
      return failEach(requests, unavailable(file))
    }
    return factory(file)(requests)
  }
}
