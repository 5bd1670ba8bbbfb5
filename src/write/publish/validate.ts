/**
 * Checks what a publisher is about to write, before anything is sent: a registry entry
 * that callers cannot use (a plain-http endpoint, a URL with a password in it, a name the
 * convention turned into something AWS rejects) is refused with a message that says why.
 * Messages never quote the API key.
 */

import { awsClientOptionsProblem } from '../../aws/client-options.js'
import { tagsProblem } from '../../aws/tags.js'
import { describeValue, pathText, quote } from '../../core/describe.js'
import { PublishInputError } from '../../core/problem.js'
import { checkAssumeRole } from '../../core/role.js'
import { type SnapshotLocation, snapshotLocationOf } from '../../registry/snapshot-location.js'
import { checkConvention } from '../../services/service.js'
import { MIN_API_KEY_LENGTH } from '../store/redact.js'
import type { RegistryAccess } from '../store/store.js'

const fail = (caller: string, message: string): never => {
  throw new PublishInputError(`${caller}: ${message}`)
}

// SSM's limit for a Standard parameter's value.
const MAX_ENDPOINT_LENGTH = 4096
// Secrets Manager's limit for a secret's value, in bytes.
const MAX_API_KEY_BYTES = 65_536

/** An endpoint callers can trust: an https URL (any URL with allowInsecure), never with credentials in it. */
export function checkEndpoint(caller: string, endpoint: unknown, allowInsecure = false): string {
  if (typeof endpoint !== 'string' || endpoint === '') return fail(caller, `option "endpoint" must be a URL string, got ${describeValue(endpoint)}`)
  if (endpoint.length > MAX_ENDPOINT_LENGTH) fail(caller, `option "endpoint" is longer than ${MAX_ENDPOINT_LENGTH} characters (SSM's limit)`)
  // new URL() forgives surrounding spaces; a caller reading the parameter would not.
  if (endpoint.trim() !== endpoint) fail(caller, 'option "endpoint" has leading or trailing whitespace')
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return fail(caller, `option "endpoint" is not a valid URL (${describeValue(endpoint)}); expected e.g. https://orders.example.com`)
  }
  // A password in the URL would be readable by anyone allowed to read the parameter.
  if (url.username !== '' || url.password !== '')
    fail(caller, 'option "endpoint" must not hold credentials (user:password@); publish the API key with "apiKey" instead')
  if (url.protocol !== 'https:' && !allowInsecure) {
    fail(caller, `option "endpoint" must be an https URL, not ${url.protocol}; pass allowInsecure: true (CLI: --allow-insecure) to publish it anyway`)
  }
  return endpoint
}

export function checkApiKey(caller: string, apiKey: unknown): string | undefined {
  if (apiKey === undefined) return undefined
  if (typeof apiKey !== 'string' || apiKey === '') return fail(caller, `option "apiKey" must be a non-empty string, got ${describeValue(apiKey)}`)
  if (Buffer.byteLength(apiKey) > MAX_API_KEY_BYTES) fail(caller, `option "apiKey" is longer than ${MAX_API_KEY_BYTES} bytes (Secrets Manager's limit)`)
  // Neither quoted nor measured: its length would say much of a key this short.
  if (apiKey.length < MIN_API_KEY_LENGTH) fail(caller, `option "apiKey" is shorter than ${MIN_API_KEY_LENGTH} characters: too short to be masked safely`)
  return apiKey
}

/** Tags SSM and Secrets Manager will both accept: at most 50, keys 1-128 and values 0-256 characters. */
/** Tags as an option of `caller`. */
export function checkTags(caller: string, tags: unknown): Record<string, string> {
  if (tags === undefined) return {}
  const found = tagsProblem(tags)
  if (found) fail(caller, found.path.length === 0 ? `option "tags" ${found.problem}` : `tag ${quote(String(found.path[0]))}: ${found.problem}`)
  return { ...(tags as Record<string, string>) }
}

/** Validates the options every registry operation shares. */
export function checkAccess(caller: string, options: RegistryAccess): RegistryAccess {
  const { convention, assumeRole, awsClientOptions, local } = options
  const clientOptionsProblem = awsClientOptionsProblem(awsClientOptions)
  if (clientOptionsProblem) fail(caller, `${pathText(clientOptionsProblem.path)} ${clientOptionsProblem.problem}`)
  if (local !== undefined && (typeof local !== 'string' || local === '')) fail(caller, 'option "local" must be a file path')
  if (local !== undefined && assumeRole !== undefined) fail(caller, 'options "local" and "assumeRole" cannot be combined: a local file has no roles')
  return {
    convention: convention === undefined ? undefined : rethrown(() => checkConvention(caller, convention)),
    assumeRole: assumeRole === undefined ? undefined : rethrown(() => checkAssumeRole(caller, assumeRole)),
    awsClientOptions,
    local,
  }
}

/** The reference modules throw plain TypeErrors; here they are input errors like the rest. */
function rethrown<T>(check: () => T): T {
  try {
    return check()
  } catch (error) {
    throw new PublishInputError((error as Error).message)
  }
}

/** Where the snapshot is rewritten after a publish: S3, so never beside a local registry file. */
export function checkSnapshot(caller: string, snapshot: unknown, access: RegistryAccess): SnapshotLocation | undefined {
  if (snapshot === undefined) return undefined
  if (access.local !== undefined) fail(caller, 'options "local" and "snapshot" cannot be combined: the snapshot is in S3')
  return rethrown(() => snapshotLocationOf(snapshot, `${caller} option "snapshot"`))
}
