// Picked by bundlers built with the "middy-registry-sdk-subset" condition (docs/performance.md):
// named static imports, so that a bundle that holds the SDK keeps only what the source sends,
// not the whole client package, and has it loaded with the bundle. Every client the package
// knows must then be installed, declared or not: a bundler resolves every static import.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'

const loaded = { GetObjectCommand, S3Client }

export const sdk = {
  service: 's3',
  package: '@aws-sdk/client-s3',
  client: 'S3Client',
  option: 's3',
  load: () => Promise.resolve(loaded),
  loaded,
}
