// Picked by bundlers (the "module" condition): named static imports, so that a bundle
// holds only what the source sends, not the whole client package.
import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'

const sdk = { BatchGetItemCommand, DynamoDBClient }
export const loadSdk = () => Promise.resolve(sdk)
