// Picked by bundlers (the "module" condition): named static imports, so that a bundle
// holds only what the source sends, not the whole client package. Loaded with the bundle:
// registry() can create its clients during init without waiting.
import { GetParametersByPathCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm'

const loaded = { GetParametersByPathCommand, GetParametersCommand, SSMClient }

export const sdk = {
  service: 'ssm',
  package: '@aws-sdk/client-ssm',
  client: 'SSMClient',
  option: 'ssm',
  load: () => Promise.resolve(loaded),
  loaded,
}
