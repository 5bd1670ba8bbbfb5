// Picked by bundlers (the "module" condition): named static imports, so that a bundle
// holds only what the source sends, not the whole client package.
import { BatchGetSecretValueCommand, DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

const sdk = { BatchGetSecretValueCommand, DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient }
export const loadSdk = () => Promise.resolve(sdk)
