// Run by Node.js (not bundled): the signer package loads when a token is first signed, or
// synchronously within Lambda init (src/aws/sdk.ts). It is not a client with send(): the
// database-tokens source makes one `DsqlSigner` per cluster from the module (`client` names
// that class), and there is no `clients` option for it.
export const sdk = {
  service: 'dsql-signer',
  package: '@aws-sdk/dsql-signer',
  client: 'DsqlSigner',
  load: () => import('@aws-sdk/dsql-signer'),
  loadsSynchronously: true,
}
