/**
 * Where the AWS store reads and writes, in words every command prints, so that nobody
 * mistakes an emulator for production or one account for another: the Region and the
 * account (sts:GetCallerIdentity, which needs no permission), or the endpoint that
 * --aws-endpoint-url sent the requests to instead.
 */
import { clientFor } from '../../../aws/clients.js'
import { command } from '../../../aws/sdk.js'
import { DEFAULT_REQUEST_TIMEOUT } from '../../../core/deadline.js'
import type { RegistryAccess } from '../store.js'
import { regionOf, scopeOf } from './send.js'

interface StsClient {
  send(command: unknown, options?: unknown): Promise<unknown>
  readonly config?: { readonly region?: () => Promise<string> }
}

// AWS's own endpoints (a VPC endpoint, FIPS, dual-stack): an override that still reaches AWS.
const AWS_HOST = /\.(amazonaws\.com|amazonaws\.com\.cn|api\.aws)$/

/** The endpoint as given, and whether it is AWS's own all the same. */
function endpointOf(endpoint: unknown): { text: string; note: string } {
  const text = typeof endpoint === 'string' || endpoint instanceof URL ? String(endpoint) : undefined
  if (text === undefined) return { text: 'an endpoint of your own', note: 'not AWS' }
  let host = ''
  try {
    host = new URL(text).hostname
  } catch {
    // Not a URL: the SDK will say so; it is not AWS either way.
  }
  return { text, note: AWS_HOST.test(host) ? 'an AWS endpoint' : 'not AWS' }
}

/** The Region the SDK resolves (the option, AWS_REGION, or the profile's), and the account, each undefined when unknown. */
async function regionAndAccount(access: RegistryAccess, askAccount: boolean): Promise<{ region?: string; account?: string }> {
  let client: StsClient
  try {
    client = (await clientFor(scopeOf('sts', access))) as StsClient
  } catch {
    // @aws-sdk/client-sts is an optional peer: without it, the Region as given, and no account.
    return { region: regionOf(access) || undefined }
  }
  const region = await client.config?.region?.().catch(() => undefined)
  if (!askAccount) return { region }
  try {
    // Asked in parallel with the command's own requests, and never a reason to fail: an
    // account that cannot be told is said to be unknown, and the command goes on.
    const output = (await client.send(await command('sts', 'GetCallerIdentityCommand', {}), {
      abortSignal: AbortSignal.timeout(DEFAULT_REQUEST_TIMEOUT),
    })) as { Account?: string } | undefined
    return { region, account: output?.Account }
  } catch {
    return { region }
  }
}

/** `AWS (eu-west-1, account 111111111111)`, `AWS (…, through arn:…)`, or `http://127.0.0.1:5000 (not AWS, eu-west-1)`. */
export async function describeAws(access: RegistryAccess): Promise<string> {
  const endpoint = access.awsClientOptions?.endpoint
  const { region, account } = await regionAndAccount(access, endpoint === undefined)
  const role = access.assumeRole ? `, through ${access.assumeRole.roleArn}` : ''
  const where = region ?? 'no Region set'
  if (endpoint === undefined) return `AWS (${where}, account ${account ?? 'unknown'}${role})`
  const { text, note } = endpointOf(endpoint)
  return `${text} (${note}, ${where}${role})`
}
