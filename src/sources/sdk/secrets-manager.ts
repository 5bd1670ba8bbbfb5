// The parts of the Secrets Manager client that reading needs. Named re-exports let a bundler drop the rest.
export { BatchGetSecretValueCommand, DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
