// STS, for roles, picked by bundlers: still a dynamic import, because every bundle that
// can read through a role holds this loader, and a static import would load STS at start-up
// in functions that never assume a role. Never loaded synchronously: the bundler rewrote the
// import() to its own copy, which require() would not find.
export const sdk = {
  service: 'sts',
  package: '@aws-sdk/client-sts',
  client: 'STSClient',
  // With a .catch(), a bundler that cannot resolve it leaves it for run time (STS is optional).
  load: () =>
    import('@aws-sdk/client-sts').catch((error) => {
      throw error
    }),
}
