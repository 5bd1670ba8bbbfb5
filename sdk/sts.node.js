// STS, for roles: the whole package, on demand. Run by Node.js (not bundled), it may load
// synchronously within init as the other clients do (src/aws/sdk.ts).
export const sdk = {
  service: 'sts',
  package: '@aws-sdk/client-sts',
  client: 'STSClient',
  load: () => import('@aws-sdk/client-sts'),
  loadsSynchronously: true,
}
