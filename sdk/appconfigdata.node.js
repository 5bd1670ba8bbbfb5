// Run by Node.js (not bundled): the client package loads when a source first needs it, or
// synchronously within Lambda init (src/aws/sdk.ts), so unused clients never load. The SDK's
// packages are CommonJS: require() and import() share one module cache, so a synchronous
// load gives the very module import() would.
export const sdk = {
  service: 'appconfigdata',
  package: '@aws-sdk/client-appconfigdata',
  client: 'AppConfigDataClient',
  option: 'appConfig',
  load: () => import('@aws-sdk/client-appconfigdata'),
  loadsSynchronously: true,
}
