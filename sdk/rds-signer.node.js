// Run by Node.js (not bundled): the signer package loads when a token is first signed, or
// synchronously within Lambda init (src/aws/sdk.ts). It is not a client with send(): the
// database-tokens source makes one `Signer` per database from the module (`client` names
// that class), and there is no `clients` option for it.
export const sdk = {
  service: 'rds-signer',
  package: '@aws-sdk/rds-signer',
  client: 'Signer',
  load: () => import('@aws-sdk/rds-signer'),
  loadsSynchronously: true,
}
