// The parts of the DynamoDB client that reading needs. Named re-exports let a bundler drop the rest.
export { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
