// Picked by bundlers (the "module" condition): named static imports, so that a bundle
// holds only what the source sends, not the whole client package.
import { GetParametersByPathCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm'

// Loaded with the bundle: registry() can create its clients during init without waiting.
export const loadedSdk = { GetParametersByPathCommand, GetParametersCommand, SSMClient }
export const loadSdk = () => Promise.resolve(loadedSdk)
