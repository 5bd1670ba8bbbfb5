// Run by Node.js (not bundled): the client package loads when a source first needs it, or
// synchronously during registry() (src/sources/load-now.ts), so unused clients never load.
export const loadSdk = () => import('@aws-sdk/client-dynamodb')
export const loadedSdk = undefined
