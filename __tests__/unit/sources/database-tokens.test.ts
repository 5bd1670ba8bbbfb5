/**
 * rdsAuthToken() and dsqlAuthToken(): tokens signed with the registry's credentials (fixed
 * ones, a role's, or none to be had), masked on the context, and never in errors or events.
 * A token is a presigned request: with fixed credentials and a fixed clock it is always the same.
 */
import { inspect } from 'node:util'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { dsqlAuthToken, type RegistryEvent, rdsAuthToken, registry } from '../../../src/index.js'
import { awsError, invoke, invokeFailing } from '../helpers.js'
import { resetAll, stsMock } from '../mocks.js'

const START = new Date('2026-01-01T00:00:00Z').getTime()
const ROLE = 'arn:aws:iam::111111111111:role/orders-db-connect'
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'SECRET-7d1e0f-do-not-print' }
const DB = { hostname: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com', port: 5432, username: 'orders_app' }
const CLUSTER = { hostname: 'abc123.dsql.us-east-1.on.aws' }

/** Registry options that sign with fixed credentials, in eu-west-1. */
const signWith = (credentials: unknown = CREDENTIALS) => ({ prefetch: false, awsClientOptions: { region: 'eu-west-1', credentials } }) as const

/** A token's query, as a record: what was signed, for whom, where and until when. */
const queryOf = (token: string) => Object.fromEntries(new URLSearchParams(token.slice(token.indexOf('?') + 1)))

describe('database tokens are signed with the registry credentials', () => {
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('gives an RDS token: a presigned connect request for the user, valid 900 seconds', async () => {
    const { db } = await invoke(registry({ fetch: { db: rdsAuthToken(DB) }, ...signWith() }))
    expect(db).toMatch(/^orders\.cluster-abc\.eu-west-1\.rds\.amazonaws\.com:5432\/\?Action=connect&DBUser=orders_app&X-Amz-Algorithm=AWS4-HMAC-SHA256&/)
    expect(queryOf(db)).toEqual({
      Action: 'connect',
      DBUser: 'orders_app',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20260101/eu-west-1/rds-db/aws4_request',
      'X-Amz-Date': '20260101T000000Z',
      'X-Amz-Expires': '900',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
      'X-Amz-SignedHeaders': 'host',
    })
  })

  it('signs the same token again for the same database, credentials and time', async () => {
    const first = (await invoke(registry({ fetch: { db: rdsAuthToken(DB) }, ...signWith() }))).db
    resetAll()
    const again = (await invoke(registry({ fetch: { db: rdsAuthToken(DB) }, ...signWith() }))).db
    const otherUser = (await invoke(registry({ fetch: { db: rdsAuthToken({ ...DB, username: 'reporting' }) }, ...signWith() }))).db
    expect(again).toBe(first)
    expect(queryOf(otherUser)['X-Amz-Signature']).not.toBe(queryOf(first)['X-Amz-Signature'])
  })

  it("signs for the database's Region, the one its host name holds, whatever the registry's", async () => {
    const { db } = await invoke(registry({ fetch: { db: rdsAuthToken({ ...DB, hostname: 'orders.abc.us-west-2.rds.amazonaws.com' }) }, ...signWith() }))
    expect(queryOf(db)['X-Amz-Credential']).toBe('AKIDEXAMPLE/20260101/us-west-2/rds-db/aws4_request')
  })

  it("signs in the registry's Region for a host name without one", async () => {
    const { db } = await invoke(registry({ fetch: { db: rdsAuthToken({ ...DB, hostname: 'orders-db.internal' }) }, ...signWith() }))
    expect(queryOf(db)['X-Amz-Credential']).toBe('AKIDEXAMPLE/20260101/eu-west-1/rds-db/aws4_request')
  })

  it('gives an Aurora DSQL token for a custom role, or for admin', async () => {
    const { user, admin } = await invoke(
      registry({ fetch: { user: dsqlAuthToken(CLUSTER), admin: dsqlAuthToken({ ...CLUSTER, admin: true }) }, ...signWith() }),
    )
    expect(user).toMatch(/^abc123\.dsql\.us-east-1\.on\.aws\/\?Action=DbConnect&/)
    expect(admin).toMatch(/^abc123\.dsql\.us-east-1\.on\.aws\/\?Action=DbConnectAdmin&/)
    expect(queryOf(admin)).toMatchObject({ 'X-Amz-Credential': 'AKIDEXAMPLE/20260101/us-east-1/dsql/aws4_request', 'X-Amz-Expires': '900' })
  })

  it("signs with a role's credentials, session token included", async () => {
    stsMock.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIAROLE', SecretAccessKey: 'role-secret', SessionToken: 'role-session', Expiration: new Date(START + 3600_000) },
    })
    const { db } = await invoke(registry({ fetch: { db: rdsAuthToken(DB, { assumeRole: { roleArn: ROLE } }) }, ...signWith() }))
    expect(queryOf(db)).toMatchObject({ 'X-Amz-Credential': 'ASIAROLE/20260101/eu-west-1/rds-db/aws4_request', 'X-Amz-Security-Token': 'role-session' })
    expect(stsMock.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toMatchObject({ RoleArn: ROLE })
  })
})

describe('a database token is masked like a secret', () => {
  beforeEach(() => resetAll())

  it('is read from the context, and left out of its keys, JSON and inspection', async () => {
    const context = await invoke(registry({ fetch: { db: rdsAuthToken(DB) }, ...signWith() }))
    expect(context.db).toContain('X-Amz-Signature=')
    expect(Object.keys(context)).not.toContain('db')
    expect(JSON.stringify(context)).not.toContain('X-Amz')
    expect(inspect(context, { depth: 5 })).not.toContain('X-Amz')
  })
})

describe('a token that cannot be signed fails with a code that says why', () => {
  beforeEach(() => resetAll())

  it('names the credentials that could not be had', async () => {
    const unavailable = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })
    }
    const error = await invokeFailing(registry({ fetch: { db: rdsAuthToken(DB) }, ...signWith(unavailable) }))
    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'db',
        source: 'rds',
        id: `${DB.hostname}:5432/orders_app`,
        code: 'CredentialsProviderError',
        message: 'no credentials to sign the token with: Could not load credentials from any providers',
      }),
    ])
  })

  it('names the role that STS refused', async () => {
    stsMock.on(AssumeRoleCommand).rejects(awsError('AccessDenied', 'not authorized to perform: sts:AssumeRole'))
    const error = await invokeFailing(registry({ fetch: { db: rdsAuthToken(DB, { assumeRole: { roleArn: ROLE } }) }, ...signWith() }))
    expect(error.failures[0]).toMatchObject({ code: 'AccessDenied', role: ROLE })
    expect(error.failures[0]!.message).toBe(
      `no credentials to sign the token with: sts:AssumeRole on ${ROLE} failed: not authorized to perform: sts:AssumeRole`,
    )
  })

  it('says RegionMissing when no Region is known at all', async () => {
    const saved = { region: process.env.AWS_REGION, defaultRegion: process.env.AWS_DEFAULT_REGION, config: process.env.AWS_CONFIG_FILE }
    delete process.env.AWS_REGION
    delete process.env.AWS_DEFAULT_REGION
    process.env.AWS_CONFIG_FILE = '/nonexistent/middy-registry/aws-config'
    try {
      const fetch = { db: rdsAuthToken({ ...DB, hostname: 'orders-db.internal' }) }
      const error = await invokeFailing(registry({ fetch, prefetch: false, awsClientOptions: { credentials: CREDENTIALS } }))
      expect(error.failures[0]).toMatchObject({ code: 'RegionMissing' })
    } finally {
      for (const [name, value] of [
        ['AWS_REGION', saved.region],
        ['AWS_DEFAULT_REGION', saved.defaultRegion],
        ['AWS_CONFIG_FILE', saved.config],
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })
})

describe('a database token never leaves the context', () => {
  let events: RegistryEvent[]
  beforeEach(() => {
    resetAll()
    events = []
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('is in no event, stat or error, nor are the credentials that signed it', async () => {
    let available = true
    const credentials = async () => {
      if (!available) throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })
      return CREDENTIALS
    }
    const onEvent = (event: RegistryEvent) => events.push(event)
    const middleware = registry({ fetch: { db: rdsAuthToken(DB) }, onEvent, ...signWith(credentials) })
    const { db } = await invoke(middleware)
    // Past 14 minutes the token is unusable and its renewal fails: the invocation fails.
    available = false
    jest.setSystemTime(START + 14 * 60_000)
    const error = await invokeFailing(middleware)
    const observed = [inspect(error, { depth: 10 }), error.stack, JSON.stringify(error), JSON.stringify(events), JSON.stringify(middleware.stats())].join('\n')
    expect(observed).not.toContain(queryOf(db)['X-Amz-Signature'])
    expect(observed).not.toContain('X-Amz')
    expect(observed).not.toContain(CREDENTIALS.secretAccessKey)
    expect(events.length).toBeGreaterThan(0)
  })
})
