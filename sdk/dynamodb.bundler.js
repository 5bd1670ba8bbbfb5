// Picked by bundlers (the "module" condition): named static imports, so that a bundle
// holds only what the source sends, not the whole client package. Loaded with the bundle:
// registry() can create its clients during init without waiting.
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
