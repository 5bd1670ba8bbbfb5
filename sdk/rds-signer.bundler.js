// Picked by bundlers (the "module" condition). The import() with a .catch() is one that a
// bundler resolves if it can and otherwise leaves for run time, so a function that bundles
// the SDK builds without the signer installed unless it declares rdsAuthToken().
export const sdk = {
  service: 'rds-signer',
  package: '@aws-sdk/rds-signer',
  client: 'Signer',
  load: () =>
    import('@aws-sdk/rds-signer').catch((error) => {
      throw error
    }),
}
