// Picked by bundlers (the "module" condition): named static imports, so that a bundle
// holds only what the source sends, not the whole client package.
import { DiscoverInstancesCommand, DiscoverInstancesRevisionCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery'

// Loaded with the bundle: registry() can create its clients during init without waiting.
export const loadedSdk = { DiscoverInstancesCommand, DiscoverInstancesRevisionCommand, ServiceDiscoveryClient }
export const loadSdk = () => Promise.resolve(loadedSdk)
