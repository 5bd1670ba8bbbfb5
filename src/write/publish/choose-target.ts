import { awsTarget } from './aws-target.js'
import { localTarget } from './local-target.js'
import type { RegistryTarget } from './target.js'
import type { RegistryAccess } from './validate.js'

/** The local registry file when one is named, AWS otherwise. */
export const targetFor = (access: RegistryAccess): RegistryTarget => (access.local ? localTarget(access.local) : awsTarget(access))
