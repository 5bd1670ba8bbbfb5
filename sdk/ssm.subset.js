// Picked by bundlers built with the "middy-registry-sdk-subset" condition (docs/performance.md):
// named static imports, so that a bundle that holds the SDK keeps only what the source sends,
// not the whole client package, and has it loaded with the bundle. Every client the package
// knows must then be installed, declared or not: a bundler resolves every static import.
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
