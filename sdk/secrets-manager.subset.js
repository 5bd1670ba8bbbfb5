// Picked by bundlers built with the "middy-registry-sdk-subset" condition (docs/performance.md):
// named static imports, so that a bundle that holds the SDK keeps only what the source sends,
// not the whole client package, and has it loaded with the bundle. Every client the package
// knows must then be installed, declared or not: a bundler resolves every static import.
import { BatchGetSecretValueCommand, DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

const loaded = { BatchGetSecretValueCommand, DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient }

export const sdk = {
  service: 'secretsmanager',
  package: '@aws-sdk/client-secrets-manager',
  client: 'SecretsManagerClient',
  option: 'secretsManager',
  load: () => Promise.resolve(loaded),
  loaded,
}
