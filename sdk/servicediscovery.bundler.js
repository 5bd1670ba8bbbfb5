// Picked by bundlers (the "module" condition): named static imports, so that a bundle
// holds only what the source sends, not the whole client package. Loaded with the bundle:
// registry() can create its clients during init without waiting.
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
