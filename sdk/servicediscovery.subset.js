// Picked by bundlers built with the "middy-registry-sdk-subset" condition (docs/performance.md):
// named static imports, so that a bundle that holds the SDK keeps only what the source sends,
// not the whole client package, and has it loaded with the bundle. Every client the package
// knows must then be installed, declared or not: a bundler resolves every static import.
import { DiscoverInstancesCommand, DiscoverInstancesRevisionCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery'

const loaded = { DiscoverInstancesCommand, DiscoverInstancesRevisionCommand, ServiceDiscoveryClient }

export const sdk = {
  service: 'servicediscovery',
  package: '@aws-sdk/client-servicediscovery',
  client: 'ServiceDiscoveryClient',
  option: 'serviceDiscovery',
  load: () => Promise.resolve(loaded),
  loaded,
}
