// Picked by bundlers built with the "middy-registry-sdk-subset" condition (docs/performance.md):
// named static imports, so that a bundle that holds the SDK keeps only what the source sends,
// not the whole client package, and has it loaded with the bundle. Every client the package
// knows must then be installed, declared or not: a bundler resolves every static import.
import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'

const loaded = { BatchGetItemCommand, DynamoDBClient }

export const sdk = {
  service: 'dynamodb',
  package: '@aws-sdk/client-dynamodb',
  client: 'DynamoDBClient',
  option: 'dynamodb',
  load: () => Promise.resolve(loaded),
  loaded,
}
