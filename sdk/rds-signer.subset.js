// Picked by bundlers built with the "middy-registry-sdk-subset" condition (docs/performance.md):
// a named static import, so that the bundle has the signer loaded with it. Every package the
// SDK descriptors name must then be installed, declared or not: a bundler resolves every static import.
import { Signer } from '@aws-sdk/rds-signer'

const loaded = { Signer }

export const sdk = {
  service: 'rds-signer',
  package: '@aws-sdk/rds-signer',
  client: 'Signer',
  load: () => Promise.resolve(loaded),
  loaded,
}
