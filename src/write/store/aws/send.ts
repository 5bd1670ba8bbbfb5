/**
 * Sending the write side's commands to AWS: clients are the reader's (created lazily,
 * shared process-wide), a role is assumed the same way (so a publisher can write into a
 * central account), every call has a deadline, and a failure becomes a PublishError that
 * names the operation and carries no secret.
 */

import { sdk as dynamodbSdk } from '#sdk/dynamodb'
import { sdk as s3Sdk } from '#sdk/s3'
import { sdk as secretsManagerSdk } from '#sdk/secrets-manager'
import { sdk as ssmSdk } from '#sdk/ssm'
import { clientFor, fingerprintOf, regionKeyOf } from '../../../aws/clients.js'
import { AssumeRoleError, roleCredentials } from '../../../aws/credentials.js'
import { MAX_PAGES } from '../../../aws/pagination.js'
import { command, registerSdk } from '../../../aws/sdk.js'
import type { ClientScope } from '../../../core/client-scope.js'
import { roleKeyOf } from '../../../core/role.js'
import { PublishError, publishErrorOf } from '../publish-error.js'
import type { RegistryAccess } from '../store.js'

// The services the registry as code writes (S3: the snapshot), whether or not a source of theirs is loaded.
for (const sdk of [ssmSdk, secretsManagerSdk, dynamodbSdk, s3Sdk]) registerSdk(sdk)

/** Every write and read of the publisher has a deadline too: ten seconds, for writes AWS acknowledges in tens of milliseconds. */
export const WRITE_TIMEOUT = 10_000

type Service = 'ssm' | 'secretsmanager' | 'dynamodb' | 's3'

/** Sends one command; failures become PublishErrors naming `service:Name on resource`, scrubbed of `secrets`. */
export type Send = <T>(service: Service, name: string, input: object, resource: string, secrets?: readonly (string | undefined)[]) => Promise<T>

export const regionOf = (access: RegistryAccess): string => regionKeyOf(access.awsClientOptions)

/** The client a command goes through, one per service, Region and options; with a role, its credentials (STS's too, so that asking who the caller is answers for the role). */
export function scopeOf(service: Service | 'sts', access: RegistryAccess): ClientScope {
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

/** Sends commands to AWS as `access` says (Region, endpoint, role); for every store operation. */
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

export const tagList = (tags: Readonly<Record<string, string>>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
