import { awsStore } from './aws/store.js'
import { localStore } from './local/store.js'
import type { RegistryAccess, RegistryStore } from './store.js'

/** The local registry file when one is named, AWS otherwise. */
export const storeFor = (access: RegistryAccess): RegistryStore => (access.local ? localStore(access.local) : awsStore(access))
