// Picked by bundlers built with the "middy-registry-sdk-subset" condition (docs/performance.md):
// named static imports, so that a bundle that holds the SDK keeps only what the source sends,
// not the whole client package, and has it loaded with the bundle. Every client the package
// knows must then be installed, declared or not: a bundler resolves every static import.
import { AppConfigDataClient, GetLatestConfigurationCommand, StartConfigurationSessionCommand } from '@aws-sdk/client-appconfigdata'

const loaded = { AppConfigDataClient, GetLatestConfigurationCommand, StartConfigurationSessionCommand }

export const sdk = {
  service: 'appconfigdata',
  package: '@aws-sdk/client-appconfigdata',
  client: 'AppConfigDataClient',
  option: 'appConfig',
  load: () => Promise.resolve(loaded),
  loaded,
}
