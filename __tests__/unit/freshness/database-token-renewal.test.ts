/**
 * A database token is accepted for 15 minutes from its signing. It is renewed in the
 * background before then, served while that runs, and never served once it is unusable,
 * whatever the registry's cacheExpiry and maxStale.
 */
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { rdsAuthToken, registry } from '../../../src/index.js'
import { eventually, invoke, invokeFailing } from '../helpers.js'
import { resetAll, stsMock } from '../mocks.js'

const MINUTE = 60_000
const START = new Date('2026-01-01T00:00:00Z').getTime()
const ROLE = 'arn:aws:iam::111111111111:role/orders-db-connect'
const DB = { hostname: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com', port: 5432, username: 'orders_app' }

/** When a token was signed, as its X-Amz-Date says. */
const signedAt = (token: string) => new URLSearchParams(token.slice(token.indexOf('?') + 1)).get('X-Amz-Date')
const accessKeyOf = (token: string) => new URLSearchParams(token.slice(token.indexOf('?') + 1)).get('X-Amz-Credential')?.split('/')[0]

/** Credentials the test can take away, as a provider the registry resolves before each signing. */
function switchableCredentials() {
  const state = { available: true }
  const provider = async () => {
    if (!state.available) throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })
    return { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' }
  }
  return { state, options: { prefetch: false, awsClientOptions: { region: 'eu-west-1', credentials: provider } } as const }
}

describe('a database token is renewed before it expires', () => {
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('serves the same token for its first 9 minutes', async () => {
    const orders = registry({ fetch: { db: rdsAuthToken(DB) }, ...switchableCredentials().options })
    const first = (await invoke(orders)).db
    jest.setSystemTime(START + 9 * MINUTE)
    expect((await invoke(orders)).db).toBe(first)
    expect(orders.stats().refreshes).toBe(0)
  })

  it('at 10 minutes, serves the token at once and signs a new one in the background', async () => {
    const orders = registry({ fetch: { db: rdsAuthToken(DB) }, ...switchableCredentials().options })
    expect(signedAt((await invoke(orders)).db)).toBe('20260101T000000Z')
    jest.setSystemTime(START + 10 * MINUTE)
    expect(signedAt((await invoke(orders)).db)).toBe('20260101T000000Z')
    expect(await eventually(() => orders.stats().refreshes === 1)).toBe(true)
    expect(signedAt((await invoke(orders)).db)).toBe('20260101T001000Z')
  })

  it("ignores the registry's longer cacheExpiry and maxStale", async () => {
    const orders = registry({ fetch: { db: rdsAuthToken(DB) }, cacheExpiry: 60 * MINUTE, maxStale: 24 * 60 * MINUTE, ...switchableCredentials().options })
    await invoke(orders)
    jest.setSystemTime(START + 10 * MINUTE)
    await invoke(orders)
    expect(await eventually(() => orders.stats().refreshes === 1)).toBe(true)
  })

  it('is never served 14 minutes after its signing: the invocation waits for a new one', async () => {
    const orders = registry({ fetch: { db: rdsAuthToken(DB) }, ...switchableCredentials().options })
    await invoke(orders)
    jest.setSystemTime(START + 14 * MINUTE)
    expect(signedAt((await invoke(orders)).db)).toBe('20260101T001400Z')
  })

  it('fails rather than serve an unusable token when renewing fails', async () => {
    const { state, options } = switchableCredentials()
    const orders = registry({ fetch: { db: rdsAuthToken(DB) }, ...options })
    await invoke(orders)
    state.available = false
    jest.setSystemTime(START + 10 * MINUTE)
    expect(signedAt((await invoke(orders)).db)).toBe('20260101T000000Z') // still usable: served while the refresh fails
    expect(await eventually(() => orders.stats().errors === 1)).toBe(true)
    jest.setSystemTime(START + 14 * MINUTE)
    const error = await invokeFailing(orders)
    expect(error.failures[0]).toMatchObject({ key: 'db', code: 'CredentialsProviderError' })
  })

  it('is renewed before the credentials that signed it expire, with new ones', async () => {
    let issued = 0
    stsMock.on(AssumeRoleCommand).callsFake(async () => {
      issued++
      // Sessions of 5 minutes: each token dies with its session, before its own 15 minutes.
      return { Credentials: { AccessKeyId: `ASIA${issued}`, SecretAccessKey: 's', SessionToken: `t${issued}`, Expiration: new Date(Date.now() + 5 * MINUTE) } }
    })
    const orders = registry({ fetch: { db: rdsAuthToken(DB, { assumeRole: { roleArn: ROLE } }) }, ...switchableCredentials().options })
    expect(accessKeyOf((await invoke(orders)).db)).toBe('ASIA1')
    jest.setSystemTime(START + 4 * MINUTE)
    await invoke(orders)
    expect(await eventually(() => orders.stats().refreshes === 1)).toBe(true)
    expect(accessKeyOf((await invoke(orders)).db)).toBe('ASIA2')
  })
})
