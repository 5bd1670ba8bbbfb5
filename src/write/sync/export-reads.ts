/**
 * The reads export makes in SSM and Secrets Manager: parameters under a path with their
 * types (never decrypted), a parameter's tags, whether a secret exists, and the secrets
 * whose names start with a prefix. None reads a secret's value.
 */
import { eachPage } from '../../aws/pagination.js'
import { type Tag, tagsOf } from '../../aws/tags.js'
import { orUndefined, type Send, tooManyPages } from '../publish/aws-target.js'

export interface ListedParameter {
  readonly name: string
  readonly type: string
  /** For a SecureString, its ciphertext: never used. */
  readonly value: string
}

interface ParametersPage {
  Parameters?: { Name?: string; Type?: string; Value?: string }[]
  NextToken?: string
}

/** Every parameter under a path, at any depth. */
export async function parametersUnder(send: Send, path: string): Promise<ListedParameter[]> {
  const found: ListedParameter[] = []
  const read = (NextToken?: string) =>
    send<ParametersPage>('ssm', 'GetParametersByPath', { Path: path, Recursive: true, WithDecryption: false, NextToken }, path)
  const complete = await eachPage(read, (page) => {
    for (const { Name = '', Type = 'String', Value = '' } of page.Parameters ?? []) found.push({ name: Name, type: Type, value: Value })
  })
  if (!complete) throw tooManyPages('ssm:GetParametersByPath', path)
  return found
}

/** A parameter's tags. */
export async function parameterTags(send: Send, name: string): Promise<Record<string, string>> {
  const output = await send<{ TagList?: Tag[] }>('ssm', 'ListTagsForResource', { ResourceType: 'Parameter', ResourceId: name }, name)
  return tagsOf(output.TagList)
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
