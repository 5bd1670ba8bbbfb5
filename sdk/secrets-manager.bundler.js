// Picked by bundlers (the "module" condition): named static imports, so that a bundle
// holds only what the source sends, not the whole client package. Loaded with the bundle:
// registry() can create its clients during init without waiting.
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
