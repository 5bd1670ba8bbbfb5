import { sdk } from '#sdk/sts'
import { onClearRegistryCache } from '../cache/process-state.js'
import type { ClientScope } from '../core/client-scope.js'
import { DEFAULT_REQUEST_TIMEOUT } from '../core/deadline.js'
import { failureFromError } from '../core/outcome.js'
import { type AssumeRoleOptions, roleKeyOf } from '../core/role.js'
import { clientFor } from './clients.js'
import { command, registerSdk } from './sdk.js'

// This source's SDK client: loaded, and bundled, only where a declaration uses it.
registerSdk(sdk)

/** Temporary credentials, in the shape SDK v3 clients accept from a provider. */
export interface RoleCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration: Date
}

type CredentialProvider = () => Promise<RoleCredentials>

/** Past this much remaining lifetime, a request waits for new credentials instead of using the old ones. */
export const MIN_REMAINING = 60_000
/** Credentials are renewed (in the background) once less than this remains. */
export const RENEW_BEFORE = 10 * 60_000

interface AssumeRoleOutput {
  Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date }
}

function defaultSessionName(): string {
  // The function's name is a locator, not a value: it makes the session easy to find in CloudTrail.
  const name = (process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'middy-registry').replace(/[^\w+=,.@-]/g, '-')
  return name.slice(0, 64).padEnd(2, '-')
}

/** An STS failure that says which role failed, so it is never confused with a denied read. */
export class AssumeRoleError extends Error {
  constructor(
    code: string,
    roleArn: string,
    /** STS's own message, without the role: for a layer that names the role itself. */
    readonly reason: string,
  ) {
    super(`sts:AssumeRole on ${roleArn} failed: ${reason}`)
    this.name = code
  }
}

async function assumeRole(role: AssumeRoleOptions, stsScope: ClientScope, timeout: number): Promise<RoleCredentials> {
  const input = {
    RoleArn: role.roleArn,
    RoleSessionName: role.sessionName ?? defaultSessionName(),
    ExternalId: role.externalId,
    DurationSeconds: role.durationSeconds ?? 3600,
  }
  let output: AssumeRoleOutput
  try {
    // Its own deadline: a renewal that hung would hold every later read of the role.
    const client = await clientFor(stsScope)
    output = (await client.send(await command('sts', 'AssumeRoleCommand', input), { abortSignal: AbortSignal.timeout(timeout) })) as AssumeRoleOutput
  } catch (error) {
    const { code, message } = failureFromError(error)
    throw new AssumeRoleError(code, role.roleArn, message)
  }
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = output.Credentials ?? {}
  if (!AccessKeyId || !SecretAccessKey || !SessionToken || !Expiration)
    throw new AssumeRoleError('InvalidResponse', role.roleArn, 'STS returned no credentials')
  return { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken, expiration: Expiration }
}

const providers = new Map<string, CredentialProvider>()

/**
 * A credential provider for a role, one per role and STS configuration, shared by every
 * client and registry. Credentials are renewed in the background once less than ten
 * minutes remain (requests keep using the current ones meanwhile), and awaited only when
 * there are none or they are about to expire. The SDK calls it before signing.
 */
export function roleCredentials(role: AssumeRoleOptions, stsScope: ClientScope, timeout = DEFAULT_REQUEST_TIMEOUT): CredentialProvider {
  const key = `${roleKeyOf(role)}|${stsScope.key}`
  let provider = providers.get(key)
  if (provider) return provider
  let current: RoleCredentials | undefined
  let renewing: Promise<RoleCredentials> | undefined
  const renew = () =>
    (renewing ??= assumeRole(role, stsScope, timeout)
      .then((credentials) => (current = credentials))
      .finally(() => (renewing = undefined)))
  provider = async () => {
    const remaining = current ? current.expiration.getTime() - Date.now() : 0
    if (current && remaining > RENEW_BEFORE) return current
    if (current && remaining > MIN_REMAINING) {
      renew().catch(() => undefined) // the next call retries; nobody awaits this one
      return current
    }
    return renew()
  }
  providers.set(key, provider)
  return provider
}

// clearRegistryCache() forgets every role session.
onClearRegistryCache(() => providers.clear())
