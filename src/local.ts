/**
 * `middy-registry/local`: the local registry, for a bundled handler that reads one
 * (`local` or MIDDY_REGISTRY_LOCAL). Importing it is enough; run from node_modules, the
 * registry loads it by itself on first use.
 */
import { registerLocalSource } from './sources/local/loader.js'
import { localSource } from './sources/local/read.js'

registerLocalSource(localSource)

export { LOCAL_REGISTRY_ENV } from './sources/local/loader.js'
export type { LocalRegistryFile } from './sources/local/read.js'
