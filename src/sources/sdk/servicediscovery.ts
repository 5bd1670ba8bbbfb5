// The parts of the Cloud Map client that reading needs. Named re-exports let a bundler drop the rest.
export { DiscoverInstancesCommand, DiscoverInstancesRevisionCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery'
