/**
 * Signing a database token. No request goes to AWS: a token is a request to the database's
 * `connect` action, presigned with SigV4 by the SDK's signer, so all it takes is credentials
 * (a role's, `awsClientOptions.credentials`, or the signer's default chain) and the Region.
 */
import { clientClassOf, loadSdk } from '../../aws/sdk.js'
import type { ClientScope, ServiceName } from '../../core/client-scope.js'
import { type FetchFailed, failed, failureFromError, fetched, invalidResponse, type Outcome, type RawText } from '../../core/outcome.js'
import type { FetchRequest, Reference, Source } from '../../core/reference.js'
import { tokenValidUntil } from './lifetime.js'

/** Credentials as the SDK's signers take them; a role's carry their expiration. */
interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: Date
}

/** One signer (`Signer`, `DsqlSigner`), made for one database. */
type SignerClass = new (config: Record<string, unknown>) => unknown

/** Asks a signer made for the reference's database for its token. */
export type SignToken<S> = (signer: S, reference: Reference) => Promise<unknown>

/** The registry's credentials, resolved now so that their expiration is known; undefined leaves them to the signer's default chain. */
async function credentialsOf(scope: ClientScope): Promise<Credentials | undefined> {
  const given = scope.credentials ?? scope.options?.credentials
  return (typeof given === 'function' ? await given() : given) as Credentials | undefined
}

/**
 * What the signer is made with: the database, and the Region and credentials where the
 * registry has them. An absent one is left out, not undefined: DsqlSigner would take an
 * undefined `credentials` over its default chain.
 */
function signerConfig(reference: Reference, scope: ClientScope, credentials: Credentials | undefined): Record<string, unknown> {
  const { hostname, port, username } = reference.options
  const region = reference.options.region ?? scope.region ?? scope.options?.region
  const fields = { hostname, port, username, region, credentials }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}

const NO_CREDENTIALS = 'no credentials to sign the token with'

/** A failure to sign, with a code that says why; the SDK's plain `Error`s get one of ours. */
function signingFailure(error: unknown): FetchFailed {
  const failure = failureFromError(error)
  if (failure.code === 'CredentialsProviderError') return failed(failure.code, `${NO_CREDENTIALS}: ${failure.message}`, failure.detail)
  if (failure.code !== 'Error') return failure
  return /region is missing/i.test(failure.message)
    ? failed('RegionMissing', 'no Region to sign the token for: give the reference a region, or set AWS_REGION')
    : failed('SigningFailed', `the token could not be signed: ${failure.message}`)
}

async function signOne<S>(service: ServiceName, sign: SignToken<S>, { reference, scope }: FetchRequest): Promise<Outcome> {
  let credentials: Credentials | undefined
  try {
    credentials = await credentialsOf(scope)
  } catch (error) {
    // A refused AssumeRole keeps STS's code, and its message names the role.
    const { code, message, detail } = failureFromError(error)
    return failed(code, `${NO_CREDENTIALS}: ${message}`, detail)
  }
  try {
    const Signer = (await loadSdk(service))[clientClassOf(service)] as SignerClass
    const signedAt = Date.now()
    const token = await sign(new Signer(signerConfig(reference, scope, credentials)) as S, reference)
    if (typeof token !== 'string' || token.length === 0) return invalidResponse(`the signer gave no token for ${reference.id}`)
    return fetched<RawText>({ kind: 'text', value: token, validUntil: tokenValidUntil(signedAt, credentials?.expiration) })
  } catch (error) {
    return signingFailure(error)
  }
}

/**
 * A source that signs one token per reference, all at once (there is nothing to batch),
 * with the signer class that `service`'s SDK descriptor names.
 */
export function tokenSource<S>(service: ServiceName, sign: SignToken<S>): Source {
  return async (requests) => new Map(await Promise.all(requests.map(async (request) => [request.fetchKey, await signOne(service, sign, request)] as const)))
}
