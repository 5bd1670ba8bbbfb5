/**
 * `middy-registry/local`: the local registry, for a bundled handler that reads one
 * (`local` or MIDDY_REGISTRY_LOCAL). Importing it is enough; run from node_modules, the
 * registry loads it by itself on first use.
 */
import { registerLocalSource } from './local-registry/loader.js'
import { localSource } from './local-registry/read.js'

registerLocalSource(localSource)

export { LOCAL_REGISTRY_ENV } from './local-registry/loader.js'
export type { LocalRegistryFile } from './local-registry/read.js'
