/** rdsAuthToken() and dsqlAuthToken() check the database and their options when they are declared. */
import { describe, expect, it } from '@jest/globals'
import { dsqlAuthToken, rdsAuthToken } from '../../../src/index.js'

const MINUTE = 60_000
const DB = { hostname: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com', port: 5432, username: 'orders_app' }
const CLUSTER = { hostname: 'abc123.dsql.us-east-1.on.aws' }

/** The declaration's error message, for a call that must throw. */
function declarationError(declare: () => unknown): string {
  try {
    declare()
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError)
    return (error as Error).message
  }
  throw new Error('the declaration did not throw')
}

describe('rdsAuthToken() declares a masked token for one database user', () => {
  it('is identified by host:port/user, masked, and read by the RDS signer', () => {
    const reference = rdsAuthToken(DB)
    expect(reference).toMatchObject({ source: 'rds', kind: 'database-token', id: `${DB.hostname}:5432/orders_app`, secret: true, decoding: 'string' })
  })

  it('takes the Region from an AWS host name', () => {
    expect(rdsAuthToken(DB).options.region).toBe('eu-west-1')
    expect(rdsAuthToken({ ...DB, hostname: 'orders.abc.cn-north-1.rds.amazonaws.com.cn' }).options.region).toBe('cn-north-1')
  })

  it('takes the Region given for a host name that holds none', () => {
    expect(rdsAuthToken({ ...DB, hostname: 'orders-db.internal', region: 'eu-central-1' }).options.region).toBe('eu-central-1')
    expect(rdsAuthToken({ ...DB, hostname: 'orders-db.internal' }).options.region).toBeUndefined()
  })

  it('refuses a Region that contradicts the host name: the token would be refused', () => {
    expect(declarationError(() => rdsAuthToken({ ...DB, region: 'us-east-1' }))).toBe(
      'rdsAuthToken(): field "region" is us-east-1, but the host name is in eu-west-1: a token signed for another Region is refused',
    )
  })

  it('caches for 10 minutes and serves while refreshing until 14 minutes after signing, by default', () => {
    expect(rdsAuthToken(DB).options).toMatchObject({ cacheExpiry: 10 * MINUTE, maxStale: 4 * MINUTE })
  })

  it('fits maxStale to a shorter cacheExpiry', () => {
    expect(rdsAuthToken(DB, { cacheExpiry: 5 * MINUTE }).options).toMatchObject({ cacheExpiry: 5 * MINUTE, maxStale: 9 * MINUTE })
  })

  it('refuses a cacheExpiry longer than a token is usable', () => {
    expect(declarationError(() => rdsAuthToken(DB, { cacheExpiry: 15 * MINUTE }))).toBe(
      'rdsAuthToken(): option "cacheExpiry" must be at most 840000 (14 minutes): a token is accepted for 15 minutes',
    )
    expect(() => rdsAuthToken(DB, { cacheExpiry: Number.POSITIVE_INFINITY })).toThrow(/"cacheExpiry" must be at most/)
  })

  it('refuses a maxStale that would serve a token past its life', () => {
    expect(declarationError(() => rdsAuthToken(DB, { cacheExpiry: 10 * MINUTE, maxStale: 5 * MINUTE }))).toBe(
      'rdsAuthToken(): options "cacheExpiry" and "maxStale" must add up to at most 840000 (14 minutes): a token is accepted for 15 minutes',
    )
  })

  it('refuses optional: a token always exists', () => {
    expect(declarationError(() => rdsAuthToken(DB, { optional: true } as never))).toBe(
      'rdsAuthToken(): unknown option "optional" (allowed: cacheExpiry, maxStale, assumeRole)',
    )
  })

  it('checks assumeRole as every reference does', () => {
    expect(() => rdsAuthToken(DB, { assumeRole: { roleArn: 'not-an-arn' } })).toThrow(/option "assumeRole.roleArn" must be an IAM role ARN/)
  })

  it.each([
    [{ ...DB, hostname: '' }, 'field "hostname" must be a host name of letters, digits, - and . (at most 253 characters), got an empty string'],
    [
      { ...DB, hostname: 'db.example.com:5432' },
      'field "hostname" must be a host name of letters, digits, - and . (at most 253 characters), got a string of 19 characters',
    ],
    [{ ...DB, port: 0 }, 'field "port" must be a port number from 1 to 65535, got 0'],
    [{ ...DB, port: 65_536 }, 'field "port" must be a port number from 1 to 65535, got 65536'],
    [{ ...DB, port: '5432' }, 'field "port" must be a port number from 1 to 65535, got a string of 4 characters'],
    [{ ...DB, username: '' }, 'field "username" must be a user name of 1-128 characters, got an empty string'],
    [{ ...DB, hostname: 'db.internal', region: 'Ireland' }, 'field "region" must be a Region such as eu-west-1, got a string of 7 characters'],
    [{ ...DB, password: 'hunter2' }, 'unknown field "password" (allowed: hostname, port, username, region)'],
  ])('refuses a malformed database, naming the field and never its value: %j', (database, problem) => {
    expect(declarationError(() => rdsAuthToken(database as never))).toBe(`rdsAuthToken(): ${problem}`)
  })

  it('requires the host name, port and user name', () => {
    expect(declarationError(() => rdsAuthToken({ hostname: DB.hostname, port: 5432 } as never))).toMatch(/^rdsAuthToken\(\): field "username" must be/)
    expect(declarationError(() => rdsAuthToken('orders-db' as never))).toBe(
      'rdsAuthToken(): the database must be an object like { hostname, port, username, region }, got a string of 9 characters',
    )
  })
})

describe('dsqlAuthToken() declares a masked token for one Aurora DSQL cluster', () => {
  it('is identified by the host name, with /admin for the admin role', () => {
    expect(dsqlAuthToken(CLUSTER)).toMatchObject({ source: 'dsql', kind: 'database-token', id: CLUSTER.hostname, secret: true })
    expect(dsqlAuthToken({ ...CLUSTER, admin: true }).id).toBe(`${CLUSTER.hostname}/admin`)
  })

  it("takes the Region from the cluster's host name", () => {
    expect(dsqlAuthToken(CLUSTER).options.region).toBe('us-east-1')
  })

  it('has the same lifetime rules as an RDS token', () => {
    expect(dsqlAuthToken(CLUSTER).options).toMatchObject({ cacheExpiry: 10 * MINUTE, maxStale: 4 * MINUTE })
    expect(() => dsqlAuthToken(CLUSTER, { maxStale: 60 * MINUTE })).toThrow(/"cacheExpiry" and "maxStale" must add up to at most/)
  })

  it('refuses a non-boolean admin and fields of RDS', () => {
    expect(declarationError(() => dsqlAuthToken({ ...CLUSTER, admin: 'yes' } as never))).toBe(
      'dsqlAuthToken(): field "admin" must be a boolean, got a string of 3 characters',
    )
    expect(declarationError(() => dsqlAuthToken({ ...CLUSTER, port: 5432 } as never))).toBe(
      'dsqlAuthToken(): unknown field "port" (allowed: hostname, region, admin)',
    )
  })
})
