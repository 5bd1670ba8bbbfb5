/**
 * The registry in AWS: the endpoint as an SSM String parameter, the API key as a Secrets
 * Manager secret. Clients are the reader's (created lazily, shared process-wide), and a
 * role is assumed the same way, so a publisher can write into a central account.
 */

import { sdk as dynamodbSdk } from '#sdk/dynamodb'
import { sdk as secretsManagerSdk } from '#sdk/secrets-manager'
import { sdk as ssmSdk } from '#sdk/ssm'
import { clientFor, fingerprintOf } from '../../aws/clients.js'
import { AssumeRoleError, roleCredentials } from '../../aws/credentials.js'
import { eachPage, MAX_PAGES } from '../../aws/pagination.js'
import { command, registerSdk } from '../../aws/sdk.js'
import { type Tag, tagsOf } from '../../aws/tags.js'
import type { ClientScope } from '../../core/client-scope.js'
import { roleKeyOf } from '../../core/role.js'
import { PublishError, publishErrorOf } from './publish-error.js'
import type { ListedParameter, PublishWrite, PublishWritten, RegistryTarget } from './target.js'
import type { RegistryAccess } from './validate.js'

// The services the registry as code writes, whether or not a source of theirs is loaded.
for (const sdk of [ssmSdk, secretsManagerSdk, dynamodbSdk]) registerSdk(sdk)

/** Every write and read of the publisher has a deadline too: ten seconds, for writes AWS acknowledges in tens of milliseconds. */
export const WRITE_TIMEOUT = 10_000

type Service = 'ssm' | 'secretsmanager' | 'dynamodb'
type Tags = Readonly<Record<string, string>>

/** Sends one command; failures become PublishErrors naming `service:Name on resource`, scrubbed of `secrets`. */
export type Send = <T>(service: Service, name: string, input: object, resource: string, secrets?: readonly (string | undefined)[]) => Promise<T>

interface ParameterOutput {
  Name?: string
  Value?: string
  Version?: number
}

const regionOf = (access: RegistryAccess) => {
  const region = access.awsClientOptions?.region
  return typeof region === 'string' ? region : (process.env.AWS_REGION ?? '')
}

function scopeOf(service: Service, access: RegistryAccess): ClientScope {
  const options = access.awsClientOptions ?? {}
  const key = `${service}:${regionOf(access)}|${fingerprintOf(options)}`
  const role = access.assumeRole
  if (!role) return { service, key, options }
  const stsScope: ClientScope = { service: 'sts', key: `sts:${regionOf(access)}|${fingerprintOf(options)}`, options }
  const credentials = roleCredentials(role, stsScope)
  return { service, key: `${key}|role:${roleKeyOf(role)}`, options: { ...options, credentials }, credentials }
}

function roleFailure(error: unknown, roleArn: string): PublishError {
  const operation = `sts:AssumeRole on ${roleArn}`
  const { code, reason } = publishErrorOf(error, operation)
  // The operation names the role: AssumeRoleError's own reason, not its message, goes with it.
  return new PublishError(code, operation, error instanceof AssumeRoleError ? error.reason : reason)
}

/** Sends commands to AWS as `access` says (Region, endpoint, role); shared with the registry file's plan and apply. */
export function sender(access: RegistryAccess): Send {
  return async (service, name, input, resource, secrets = []) => {
    const scope = scopeOf(service, access)
    // The role's credentials first, so that a refused AssumeRole is reported as the role's failure.
    await scope.credentials?.().catch((error: unknown) => {
      throw roleFailure(error, access.assumeRole!.roleArn)
    })
    try {
      const client = await clientFor(scope)
      return (await client.send(await command(service, `${name}Command`, input), { abortSignal: AbortSignal.timeout(WRITE_TIMEOUT) })) as never
    } catch (error) {
      throw publishErrorOf(error, `${service}:${name} on ${resource}`, secrets)
    }
  }
}

/** The answer, or undefined when the entry does not exist (AWS's `notFound` code). */
export async function orUndefined<T>(read: Promise<T>, notFound: string): Promise<T | undefined> {
  try {
    return await read
  } catch (error) {
    if (error instanceof PublishError && error.code === notFound) return undefined
    throw error
  }
}

/** A listing that kept answering with a NextToken: refused rather than taken as complete, which could plan deletions. */
export const tooManyPages = (operation: string, resource: string) =>
  new PublishError('TooManyPages', `${operation} on ${resource}`, `more than ${MAX_PAGES} pages; list a narrower path or prefix`)

/** A later step failed after earlier ones were written: say what is already in the registry. */
function partly(error: unknown, written: string): PublishError {
  const { code, operation, reason } = publishErrorOf(error, 'publish')
  return new PublishError(code, operation, `${reason} (${written}; publishing again completes it)`)
}

export const tagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))

/** A new version of the secret, or the secret itself (with its tags) the first time. */
export async function writeApiKey(send: Send, secretId: string, apiKey: string, tags: Tags): Promise<{ versionId: string; created: boolean }> {
  const update = async () => {
    const { VersionId } = await send<{ VersionId?: string }>('secretsmanager', 'PutSecretValue', { SecretId: secretId, SecretString: apiKey }, secretId, [
      apiKey,
    ])
    if (Object.keys(tags).length > 0) await send('secretsmanager', 'TagResource', { SecretId: secretId, Tags: tagList(tags) }, secretId)
    return { versionId: VersionId ?? '', created: false }
  }
  const updated = await orUndefined(update(), 'ResourceNotFoundException')
  if (updated) return updated
  const create = send<{ VersionId?: string }>('secretsmanager', 'CreateSecret', { Name: secretId, SecretString: apiKey, Tags: tagList(tags) }, secretId, [
    apiKey,
  ])
  // Another publisher may have created it in between: then this is an update after all.
  const created = await orUndefined(create, 'ResourceExistsException')
  return created ? { versionId: created.VersionId ?? '', created: true } : update()
}

/** Overwrites the endpoint: a new version of a String parameter. */
async function putEndpoint(send: Send, name: string, endpoint: string, secrets: readonly (string | undefined)[]): Promise<number> {
  const input = { Name: name, Value: endpoint, Type: 'String', Overwrite: true }
  return (await send<{ Version?: number }>('ssm', 'PutParameter', input, name, secrets)).Version ?? 0
}

// PutParameter takes no Tags together with Overwrite, so they are added on their own.
export const tagParameter = (send: Send, name: string, tags: Tags) =>
  send('ssm', 'AddTagsToResource', { ResourceType: 'Parameter', ResourceId: name, Tags: tagList(tags) }, name)

export async function listParameters(send: Send, path: string): Promise<ListedParameter[]> {
  const found: ListedParameter[] = []
  // Endpoints are Strings: no SecureString elsewhere under the path is ever decrypted.
  const read = (NextToken?: string) =>
    send<{ Parameters?: ParameterOutput[]; NextToken?: string }>(
      'ssm',
      'GetParametersByPath',
      { Path: path, Recursive: true, WithDecryption: false, NextToken },
      path,
    )
  const complete = await eachPage(read, (page) => {
    for (const { Name = '', Value = '', Version = 0 } of page.Parameters ?? []) found.push({ name: Name, value: Value, version: Version })
  })
  if (!complete) throw tooManyPages('ssm:GetParametersByPath', path)
  return found
}

export function awsTarget(access: RegistryAccess): RegistryTarget {
  const send = sender(access)
  return {
    kind: 'aws',
    description: `AWS (${regionOf(access) || 'the default Region'}${access.assumeRole ? `, through ${access.assumeRole.roleArn}` : ''})`,

    async readEndpoint(name) {
      const output = await orUndefined(
        send<{ Parameter?: ParameterOutput }>('ssm', 'GetParameter', { Name: name, WithDecryption: true }, name),
        'ParameterNotFound',
      )
      return output?.Parameter ? { value: output.Parameter.Value ?? '', version: output.Parameter.Version ?? 0 } : undefined
    },

    async readApiKey(secretId) {
      type Output = { SecretString?: string; SecretBinary?: Uint8Array; VersionId?: string }
      const output = await orUndefined(send<Output>('secretsmanager', 'GetSecretValue', { SecretId: secretId }, secretId), 'ResourceNotFoundException')
      if (!output) return undefined
      return { value: output.SecretString ?? Buffer.from(output.SecretBinary ?? []).toString('base64'), versionId: output.VersionId ?? '' }
    },

    async readTags(name) {
      type Output = { TagList?: Tag[] }
      const output = await orUndefined(send<Output>('ssm', 'ListTagsForResource', { ResourceType: 'Parameter', ResourceId: name }, name), 'InvalidResourceId')
      return tagsOf(output?.TagList)
    },

    listParameters: (path) => listParameters(send, path),

    async write({ names, endpoint, apiKey, tags }: PublishWrite): Promise<PublishWritten> {
      // What is already written, for the message of a failure half-way.
      const done: string[] = []
      try {
        // The key first: callers sent to a new endpoint find its credentials already in place.
        const written = apiKey === undefined ? undefined : await writeApiKey(send, names.apiKey, apiKey, tags)
        if (written) done.push(`the API key was written as version ${written.versionId}`)
        const endpointVersion = await putEndpoint(send, names.endpoint, endpoint, [apiKey])
        done.push(`the endpoint was written as version ${endpointVersion} but not tagged`)
        if (Object.keys(tags).length > 0) await tagParameter(send, names.endpoint, tags)
        return { endpointVersion, ...(written ? { apiKey: written } : {}) }
      } catch (error) {
        throw done.length > 0 ? partly(error, done.join(', and ')) : error
      }
    },
  }
}
