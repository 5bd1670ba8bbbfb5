// Picked by bundlers (the "module" condition). The import() with a .catch() is one that a
// bundler resolves if it can and otherwise leaves for run time, so a function that bundles
// the SDK builds without the signer installed unless it declares dsqlAuthToken().
export const sdk = {
  service: 'dsql-signer',
  package: '@aws-sdk/dsql-signer',
  client: 'DsqlSigner',
  load: () =>
    import('@aws-sdk/dsql-signer').catch((error) => {
      throw error
    }),
}
