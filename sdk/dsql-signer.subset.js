// Picked by bundlers built with the "middy-registry-sdk-subset" condition (docs/performance.md):
// a named static import, so that the bundle has the signer loaded with it. Every package the
// SDK descriptors name must then be installed, declared or not: a bundler resolves every static import.
import { DsqlSigner } from '@aws-sdk/dsql-signer'

const loaded = { DsqlSigner }

export const sdk = {
  service: 'dsql-signer',
  package: '@aws-sdk/dsql-signer',
  client: 'DsqlSigner',
  load: () => Promise.resolve(loaded),
  loaded,
}
