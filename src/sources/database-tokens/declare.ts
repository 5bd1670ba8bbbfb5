/**
 * `rdsAuthToken()` and `dsqlAuthToken()`: an IAM authentication token, the password a
 * function connects to RDS, Aurora or Aurora DSQL with. Signed with the function's
 * credentials or a role's, masked like a secret, cached for less than its 15-minute life and
 * renewed in the background before it ends.
 */
import { refusePerInvocation } from '../../core/per-invocation.js'
import { COMMON_OPTIONS, type CommonOptions, createReference, type Reference, type Source, validateOptions } from '../../core/reference.js'
import { checkDsqlEndpoint, checkRdsEndpoint, type DsqlEndpoint, type RdsEndpoint } from './endpoint.js'
import { tokenCacheOptions } from './lifetime.js'
import { signDsqlAuthTokens } from './read-dsql.js'
import { signRdsAuthTokens } from './read-rds.js'

export type { DsqlEndpoint, RdsEndpoint } from './endpoint.js'

/**
 * How a token is cached and signed: `cacheExpiry` (default 10 minutes) and `maxStale`
 * (default: what is left of 14 minutes) must add up to at most 14 minutes. A token always
 * exists: there is no `optional`.
 */
export type AuthTokenOptions = Omit<CommonOptions, 'optional'>

const { cacheExpiry, maxStale, assumeRole } = COMMON_OPTIONS
const TOKEN_OPTIONS = { cacheExpiry, maxStale, assumeRole }

interface TokenSource {
  readonly reader: Source
  readonly source: string
  /** The SDK descriptor's service. */
  readonly client: string
}

const RDS: TokenSource = { reader: signRdsAuthTokens, source: 'rds', client: 'rds-signer' }
const DSQL: TokenSource = { reader: signDsqlAuthTokens, source: 'dsql', client: 'dsql-signer' }

function tokenReference(caller: string, { reader, source, client }: TokenSource, id: string, database: object, options: unknown): Reference<string> {
  const checked = tokenCacheOptions(caller, validateOptions(caller, options, TOKEN_OPTIONS))
  const { region } = database as { region?: string }
  return createReference<string>({
    reader,
    source,
    client,
    // Nothing is looked up: a token is signed whatever the database holds.
    notFound: 'NotFound',
    kind: 'database-token',
    readKey: `region=${region ?? ''}`,
    id,
    selector: '',
    decoding: 'string',
    secret: true,
    options: { ...checked, ...database },
  })
}

/**
 * An IAM authentication token for an RDS or Aurora database user (MySQL, PostgreSQL,
 * MariaDB; an instance, cluster or RDS Proxy endpoint): the password to connect with, over
 * TLS. Needs `rds-db:connect` on the user, and the optional peer `@aws-sdk/rds-signer`.
 */
export function rdsAuthToken(database: RdsEndpoint, options?: AuthTokenOptions): Reference<string> {
  refusePerInvocation('rdsAuthToken()', database)
  const endpoint = checkRdsEndpoint('rdsAuthToken()', database)
  return tokenReference('rdsAuthToken()', RDS, `${endpoint.hostname}:${endpoint.port}/${endpoint.username}`, endpoint, options)
}

/**
 * An IAM authentication token for an Aurora DSQL cluster: the password to connect with, as
 * `admin` (`admin: true`, needs `dsql:DbConnectAdmin`) or as a custom database role mapped to
 * the function's IAM role (`dsql:DbConnect`). Needs the optional peer `@aws-sdk/dsql-signer`.
 */
export function dsqlAuthToken(cluster: DsqlEndpoint, options?: AuthTokenOptions): Reference<string> {
  refusePerInvocation('dsqlAuthToken()', cluster)
  const endpoint = checkDsqlEndpoint('dsqlAuthToken()', cluster)
  return tokenReference('dsqlAuthToken()', DSQL, endpoint.admin ? `${endpoint.hostname}/admin` : endpoint.hostname, endpoint, options)
}
