// Picked by bundlers (the "module" condition). The import() with a .catch() is one that a
// bundler resolves if it can and otherwise leaves for run time, so a function that bundles
// the SDK builds with only the clients it uses installed; a bundle that holds this client
// holds all of it (see appconfigdata.subset.js for the smaller build).
export const sdk = {
  service: 'appconfigdata',
  package: '@aws-sdk/client-appconfigdata',
  client: 'AppConfigDataClient',
  option: 'appConfig',
  load: () =>
    import('@aws-sdk/client-appconfigdata').catch((error) => {
      throw error
    }),
}
