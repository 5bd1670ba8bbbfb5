/**
 * What AWS holds now for the file's parameters and secrets, read without writing: SSM
 * parameters in GetParameters calls of 10 names (decrypted only where the file declares
 * a SecureString), their tags where the file declares tags, and each secret's metadata
 * (DescribeSecret) and, where a value is to be compared, its value.
 */

import { type Tag, tagsOf } from '../../aws/tags.js'
import type { DesiredParameter, DesiredSecret } from '../../registry-file/entries.js'
import { orUndefined, type Send } from '../publish/aws-target.js'
import { parameterTags } from './export-reads.js'
import { eachLimited } from './limited.js'

export interface CurrentParameter {
  readonly value: string
  readonly type: string
  readonly version: number
  /** Read only when the file declares tags for the parameter. */
  readonly tags: Readonly<Record<string, string>>
}

export interface CurrentSecret {
  /** Read only when the file gives a value to compare (not for a declared secret). */
  readonly value?: string
  readonly tags: Readonly<Record<string, string>>
}

// GetParameters takes at most 10 names.
const NAMES_PER_CALL = 10

interface GetParametersOutput {
  Parameters?: { Name?: string; Value?: string; Type?: string; Version?: number }[]
}

async function readValues(send: Send, names: readonly string[], decrypt: boolean): Promise<Map<string, Omit<CurrentParameter, 'tags'>>> {
  const found = new Map<string, Omit<CurrentParameter, 'tags'>>()
  for (let start = 0; start < names.length; start += NAMES_PER_CALL) {
    const batch = names.slice(start, start + NAMES_PER_CALL)
    const output = await send<GetParametersOutput>('ssm', 'GetParameters', { Names: batch, WithDecryption: decrypt }, batch.join(', '))
    for (const { Name = '', Value = '', Type = 'String', Version = 0 } of output.Parameters ?? [])
      found.set(Name, { value: Value, type: Type, version: Version })
  }
  return found
}

/** The parameters that exist, by name (those missing from the map do not exist). */
export async function readParameters(send: Send, desired: readonly DesiredParameter[]): Promise<Map<string, CurrentParameter>> {
  // Only SecureStrings the file declares are decrypted: a reader needs no KMS key for the rest.
  const secure = desired.filter((entry) => entry.type === 'SecureString').map((entry) => entry.name)
  const plain = desired.filter((entry) => entry.type !== 'SecureString').map((entry) => entry.name)
  const [secureValues, plainValues] = await Promise.all([readValues(send, secure, true), readValues(send, plain, false)])
  const values = new Map([...plainValues, ...secureValues])
  const current = new Map<string, CurrentParameter>()
  await eachLimited(desired, async ({ name, tags }) => {
    const found = values.get(name)
    if (!found) return
    current.set(name, { ...found, tags: Object.keys(tags).length === 0 ? {} : await parameterTags(send, name) })
  })
  return current
}

async function readSecret(send: Send, { name, source }: DesiredSecret): Promise<CurrentSecret | undefined> {
  const described = await orUndefined(send<{ Tags?: Tag[] }>('secretsmanager', 'DescribeSecret', { SecretId: name }, name), 'ResourceNotFoundException')
  if (!described) return undefined
  const tags = tagsOf(described.Tags)
  if ('declared' in source) return { tags }
  type Output = { SecretString?: string; SecretBinary?: Uint8Array }
  // A secret created without a value has no version to read: any value given differs.
  const output = await orUndefined(send<Output>('secretsmanager', 'GetSecretValue', { SecretId: name }, name), 'ResourceNotFoundException')
  const value = output && (output.SecretString ?? Buffer.from(output.SecretBinary ?? []).toString('base64'))
  return { tags, ...(value === undefined ? {} : { value }) }
}

/** The secrets that exist, by name. */
export async function readSecrets(send: Send, desired: readonly DesiredSecret[]): Promise<Map<string, CurrentSecret>> {
  const current = new Map<string, CurrentSecret>()
  await eachLimited(desired, async (entry) => {
    const found = await readSecret(send, entry)
    if (found) current.set(entry.name, found)
  })
  return current
}
