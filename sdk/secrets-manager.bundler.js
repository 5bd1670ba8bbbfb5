// Picked by bundlers (the "module" condition). The import() with a .catch() is one that a
// bundler resolves if it can and otherwise leaves for run time, so a function that bundles
// the SDK builds with only the clients it uses installed; a bundle that holds this client
// holds all of it (see secrets-manager.subset.js for the smaller build).
export const sdk = {
  service: 'secretsmanager',
  package: '@aws-sdk/client-secrets-manager',
  client: 'SecretsManagerClient',
  option: 'secretsManager',
  load: () =>
    import('@aws-sdk/client-secrets-manager').catch((error) => {
      throw error
    }),
}
