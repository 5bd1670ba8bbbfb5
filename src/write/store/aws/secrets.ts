/**
 * The write side's Secrets Manager calls: a secret's metadata (DescribeSecret: whether it
 * exists, its tags), its value (GetSecretValue, only where a value is compared or asked
 * for), the names under a prefix (ListSecrets), a new version or the secret itself, and
 * tagging. None of them puts a value in an error.
 */
import { eachPage } from '../../../aws/pagination.js'
import { type Tag, tagsOf } from '../../../aws/tags.js'
import { eachLimited } from '../limited.js'
import type { CurrentSecret, SecretRead, StoredSecret } from '../store.js'
import { orUndefined, type Send, tagList, tooManyPages } from './send.js'

type Tags = Readonly<Record<string, string>>

/** The secret's value and version; undefined when it does not exist (or has no value yet). */
export async function readSecretValue(send: Send, name: string): Promise<StoredSecret | undefined> {
  type Output = { SecretString?: string; SecretBinary?: Uint8Array; VersionId?: string }
  const output = await orUndefined(send<Output>('secretsmanager', 'GetSecretValue', { SecretId: name }, name), 'ResourceNotFoundException')
  if (!output) return undefined
  const binary = output.SecretString === undefined && output.SecretBinary !== undefined
  return { value: output.SecretString ?? Buffer.from(output.SecretBinary ?? []).toString('base64'), versionId: output.VersionId ?? '', binary }
}

async function readSecret(send: Send, { name, value }: SecretRead): Promise<CurrentSecret | undefined> {
  const described = await orUndefined(send<{ Tags?: Tag[] }>('secretsmanager', 'DescribeSecret', { SecretId: name }, name), 'ResourceNotFoundException')
  if (!described) return undefined
  const tags = tagsOf(described.Tags)
  if (!value) return { tags }
  // A secret created without a value has no version to read: any value given differs.
  const stored = await readSecretValue(send, name)
  return { tags, ...(stored ? { value: stored.value, binary: stored.binary } : {}) }
}

/** The secrets that exist, by name. */
export async function readSecrets(send: Send, reads: readonly SecretRead[]): Promise<Map<string, CurrentSecret>> {
  const current = new Map<string, CurrentSecret>()
  await eachLimited(reads, async (read) => {
    const found = await readSecret(send, read)
    if (found) current.set(read.name, found)
  })
  return current
}

export async function secretExists(send: Send, name: string): Promise<boolean> {
  return (await orUndefined(send('secretsmanager', 'DescribeSecret', { SecretId: name }, name), 'ResourceNotFoundException')) !== undefined
}

interface SecretsPage {
  SecretList?: { Name?: string; DeletedDate?: Date }[]
  NextToken?: string
}

/** The names of the secrets that start with `prefix`, except those scheduled for deletion. */
export async function secretNamesUnder(send: Send, prefix: string): Promise<string[]> {
  const names: string[] = []
  const read = (NextToken?: string) =>
    send<SecretsPage>('secretsmanager', 'ListSecrets', { Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 100, NextToken }, `secrets named ${prefix}…`)
  const complete = await eachPage(read, (page) => {
    // The name filter also matches words inside names: only true prefixes are kept.
    for (const { Name = '', DeletedDate } of page.SecretList ?? []) if (Name.startsWith(prefix) && !DeletedDate) names.push(Name)
  })
  if (!complete) throw tooManyPages('secretsmanager:ListSecrets', prefix)
  return names
}

export async function tagSecret(send: Send, name: string, tags: Tags): Promise<void> {
  await send('secretsmanager', 'TagResource', { SecretId: name, Tags: tagList(tags) }, name)
}

/** A new version of the secret (then tagged), or the secret itself with its tags the first time; a binary one's base64 is sent as bytes. */
export async function putSecret(send: Send, name: string, value: string, tags: Tags, binary = false): Promise<{ versionId: string; created: boolean }> {
  const secret = binary ? { SecretBinary: Buffer.from(value, 'base64') } : { SecretString: value }
  const update = async () => {
    const { VersionId } = await send<{ VersionId?: string }>('secretsmanager', 'PutSecretValue', { SecretId: name, ...secret }, name, [value])
    if (Object.keys(tags).length > 0) await tagSecret(send, name, tags)
    return { versionId: VersionId ?? '', created: false }
  }
  const updated = await orUndefined(update(), 'ResourceNotFoundException')
  if (updated) return updated
  const create = send<{ VersionId?: string }>('secretsmanager', 'CreateSecret', { Name: name, ...secret, Tags: tagList(tags) }, name, [value])
  // Another writer may have created it in between: then this is an update after all.
  const created = await orUndefined(create, 'ResourceExistsException')
  return created ? { versionId: created.VersionId ?? '', created: true } : update()
}
