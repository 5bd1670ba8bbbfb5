/**
 * The database a token is for, checked when it is declared: a token signed for a wrong
 * host, port, user or Region is only refused when the function connects, by a database
 * that says no more than "authentication failed".
 */
import { describeValue, quote } from '../../core/describe.js'
import { InputError } from '../../core/problem.js'
import { isObject } from '../../core/values.js'

/** An RDS or Aurora instance, cluster or proxy endpoint, and the database user to sign in as. */
export interface RdsEndpoint {
  /** The endpoint's host name, e.g. `orders.cluster-abc.eu-west-1.rds.amazonaws.com`. */
  hostname: string
  /** The port the database listens on, e.g. 5432 or 3306. */
  port: number
  /** The database user, created for IAM authentication (`GRANT rds_iam`, or `AWSAuthenticationPlugin`). */
  username: string
  /** The database's Region (default: the one in an AWS host name, else the registry's). */
  region?: string
}

/** An Aurora DSQL cluster endpoint. */
export interface DsqlEndpoint {
  /** The cluster's host name, e.g. `abc123.dsql.us-east-1.on.aws`. */
  hostname: string
  /** The cluster's Region (default: the one in its host name, else the registry's). */
  region?: string
  /** A token for the `admin` role (`dsql:DbConnectAdmin`) instead of a custom role (`dsql:DbConnect`); default false. */
  admin?: boolean
}

// Letters, digits and `-` in dot-separated labels of at most 63, at most 253 in all (RFC 1123; an IPv4 address passes).
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`)
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/
// A user name of 1-128 characters, without control characters (PostgreSQL allows 63, MySQL 32).
const USERNAME = /^[^\p{Cc}]{1,128}$/u
// Where AWS's endpoint names hold their Region.
const RDS_HOST_REGION = /\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.rds\.amazonaws\.com(?:\.cn)?$/
const DSQL_HOST_REGION = /\.dsql\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.on\.aws$/

const isPort = (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65_535

function fieldsOf(caller: string, value: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (!isObject(value)) throw new InputError(caller, `the database must be an object like { ${allowed.join(', ')} }, got ${describeValue(value)}`)
  for (const name of Object.keys(value)) {
    if (!allowed.includes(name)) throw new InputError(caller, `unknown field ${quote(name)} (allowed: ${allowed.join(', ')})`)
  }
  return value
}

function check(caller: string, name: string, value: unknown, valid: boolean, expected: string): void {
  if (!valid) throw new InputError(caller, `field "${name}" must be ${expected}, got ${describeValue(value)}`)
}

const checkHostname = (caller: string, hostname: unknown) =>
  check(
    caller,
    'hostname',
    hostname,
    typeof hostname === 'string' && HOSTNAME.test(hostname),
    'a host name of letters, digits, - and . (at most 253 characters)',
  )

/** The Region to sign in: the one given, else the one in an AWS host name; they must agree. */
function regionOf(caller: string, region: unknown, hostname: string, inHost: RegExp): string | undefined {
  check(caller, 'region', region, region === undefined || (typeof region === 'string' && REGION.test(region)), 'a Region such as eu-west-1')
  const hostRegion = inHost.exec(hostname)?.[1]
  if (region !== undefined && hostRegion !== undefined && region !== hostRegion) {
    throw new InputError(caller, `field "region" is ${region}, but the host name is in ${hostRegion}: a token signed for another Region is refused`)
  }
  return (region as string | undefined) ?? hostRegion
}

/** The RDS endpoint as declared, with its Region when one is known. */
export function checkRdsEndpoint(caller: string, value: unknown): RdsEndpoint {
  const { hostname, port, username, region } = fieldsOf(caller, value, ['hostname', 'port', 'username', 'region'])
  checkHostname(caller, hostname)
  check(caller, 'port', port, isPort(port), 'a port number from 1 to 65535')
  check(caller, 'username', username, typeof username === 'string' && USERNAME.test(username), 'a user name of 1-128 characters')
  const signingRegion = regionOf(caller, region, hostname as string, RDS_HOST_REGION)
  return { hostname: hostname as string, port: port as number, username: username as string, region: signingRegion }
}

/** The DSQL endpoint as declared, with its Region when one is known. */
export function checkDsqlEndpoint(caller: string, value: unknown): Required<Omit<DsqlEndpoint, 'region'>> & Pick<DsqlEndpoint, 'region'> {
  const { hostname, region, admin } = fieldsOf(caller, value, ['hostname', 'region', 'admin'])
  checkHostname(caller, hostname)
  check(caller, 'admin', admin, admin === undefined || typeof admin === 'boolean', 'a boolean')
  return { hostname: hostname as string, region: regionOf(caller, region, hostname as string, DSQL_HOST_REGION), admin: admin === true }
}
