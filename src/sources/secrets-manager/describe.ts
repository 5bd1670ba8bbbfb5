/** DescribeSecret, which rotation dates and revalidation both ask: a secret's metadata, never its value. */
import { command } from '../../aws/sdk.js'
import type { AwsClient } from '../../core/client-scope.js'

/** What this source reads of a DescribeSecret answer. */
export interface SecretDescription {
  RotationEnabled?: boolean
  NextRotationDate?: Date
  /** Set once the secret is scheduled for deletion: its value can no longer be read. */
  DeletedDate?: Date
  /** Each version that carries a staging label, with its labels (`AWSCURRENT`, `AWSPREVIOUS`, …). */
  VersionIdsToStages?: Record<string, string[]>
}

/** Sends DescribeSecret; rejects as the client does. */
export async function describeSecret(client: AwsClient, id: string): Promise<SecretDescription | undefined> {
  return (await client.send(await command('secretsmanager', 'DescribeSecretCommand', { SecretId: id }))) as SecretDescription | undefined
}

/** When the secret rotates next (epoch ms), or undefined when it has no schedule. */
export const nextRotationOf = (description: SecretDescription): number | undefined =>
  description.RotationEnabled === false ? undefined : description.NextRotationDate?.getTime()
