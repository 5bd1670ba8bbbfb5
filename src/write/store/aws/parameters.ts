/**
 * The write side's SSM calls: parameters read by name (GetParameters, 10 names a call,
 * decrypted only where asked) or under a path (never decrypted), their tags, a new version
 * (PutParameter with Overwrite) and tagging (AddTagsToResource).
 */
import { eachPage } from '../../../aws/pagination.js'
import { type Tag, tagsOf } from '../../../aws/tags.js'
import type { DesiredParameter } from '../../../registry-file/entries.js'
import { eachLimited } from '../limited.js'
import type { CurrentParameter, ListedParameter, ParameterRead } from '../store.js'
import { type Send, tagList, tooManyPages } from './send.js'

// GetParameters takes at most 10 names.
const NAMES_PER_CALL = 10

interface ParameterOutput {
  Name?: string
  Value?: string
  Type?: string
  Version?: number
}

const listed = ({ Name = '', Type = 'String', Value = '', Version = 0 }: ParameterOutput): ListedParameter => ({
  name: Name,
  type: Type,
  value: Value,
  version: Version,
})

async function readValues(send: Send, names: readonly string[], decrypt: boolean): Promise<ListedParameter[]> {
  const found: ListedParameter[] = []
  for (let start = 0; start < names.length; start += NAMES_PER_CALL) {
    const batch = names.slice(start, start + NAMES_PER_CALL)
    const output = await send<{ Parameters?: ParameterOutput[] }>('ssm', 'GetParameters', { Names: batch, WithDecryption: decrypt }, batch.join(', '))
    found.push(...(output.Parameters ?? []).map(listed))
  }
  return found
}

/** A parameter's tags. */
export async function parameterTags(send: Send, name: string): Promise<Record<string, string>> {
  const output = await send<{ TagList?: Tag[] }>('ssm', 'ListTagsForResource', { ResourceType: 'Parameter', ResourceId: name }, name)
  return tagsOf(output.TagList)
}

/** The parameters that exist, by name (those missing from the map do not exist). */
export async function readParameters(send: Send, reads: readonly ParameterRead[]): Promise<Map<string, CurrentParameter>> {
  // Only what must be decrypted is: a reader needs no KMS key for the rest.
  const namesOf = (decrypt: boolean) => reads.filter((read) => read.decrypt === decrypt).map(({ name }) => name)
  const [secure, plain] = await Promise.all([readValues(send, namesOf(true), true), readValues(send, namesOf(false), false)])
  const values = new Map([...plain, ...secure].map((parameter) => [parameter.name, parameter]))
  const current = new Map<string, CurrentParameter>()
  await eachLimited(reads, async ({ name, tags }) => {
    const found = values.get(name)
    if (!found) return
    current.set(name, { value: found.value, type: found.type, version: found.version, tags: tags ? await parameterTags(send, name) : {} })
  })
  return current
}

/** Every parameter under a path, at any depth; no SecureString is ever decrypted. */
export async function parametersUnder(send: Send, path: string): Promise<ListedParameter[]> {
  const found: ListedParameter[] = []
  const read = (NextToken?: string) =>
    send<{ Parameters?: ParameterOutput[]; NextToken?: string }>(
      'ssm',
      'GetParametersByPath',
      { Path: path, Recursive: true, WithDecryption: false, NextToken },
      path,
    )
  const complete = await eachPage(read, (page) => {
    found.push(...(page.Parameters ?? []).map(listed))
  })
  if (!complete) throw tooManyPages('ssm:GetParametersByPath', path)
  return found
}

/** A new version of the parameter, as the entry says (type, KMS key); a SecureString's value is scrubbed from errors. */
export async function putParameter(send: Send, entry: DesiredParameter, value: string): Promise<number> {
  const secure = entry.type === 'SecureString'
  // Without a KeyId, SSM encrypts with the account's default key, even one written under another before.
  const keyId = secure && entry.keyId ? { KeyId: entry.keyId } : {}
  const input = { Name: entry.name, Value: value, Type: entry.type, ...keyId, Overwrite: true }
  return (await send<{ Version?: number }>('ssm', 'PutParameter', input, entry.name, secure ? [value] : [])).Version ?? 0
}

// PutParameter takes no Tags together with Overwrite, so they are added on their own.
export async function tagParameter(send: Send, name: string, tags: Readonly<Record<string, string>>): Promise<void> {
  await send('ssm', 'AddTagsToResource', { ResourceType: 'Parameter', ResourceId: name, Tags: tagList(tags) }, name)
}
