// Picked by bundlers (the "module" condition): named static imports, so that a bundle
// holds only what the source sends, not the whole client package.
import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'

// Loaded with the bundle: registry() can create its clients during init without waiting.
export const loadedSdk = { BatchGetItemCommand, DynamoDBClient }
export const loadSdk = () => Promise.resolve(loadedSdk)
