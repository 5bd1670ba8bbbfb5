// Picked by bundlers (the "module" condition). The import() with a .catch() is one that a
// bundler resolves if it can and otherwise leaves for run time, so a function that bundles
// the SDK builds with only the clients it uses installed; a bundle that holds this client
// holds all of it (see s3.subset.js for the smaller build).
export const sdk = {
  service: 's3',
  package: '@aws-sdk/client-s3',
  client: 'S3Client',
  option: 's3',
  load: () =>
    import('@aws-sdk/client-s3').catch((error) => {
      throw error
    }),
}
