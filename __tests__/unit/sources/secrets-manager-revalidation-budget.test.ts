/**
 * What revalidation costs a warm environment: requests per hour for 10 names and 5 secrets
 * at the default expiry, with revalidation and without. Secrets that do not change cost one
 * DescribeSecret each per refresh instead of a share of one BatchGetSecretValue, and one
 * full read an hour.
 */

import { BatchGetSecretValueCommand, DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { describe, expect, it, jest } from '@jest/globals'
import { registry, ssm } from '../../../src/index.js'
import { afterBackgroundWork, contextHandler, onFakeClock, testOptions } from '../helpers.js'
import { resetAll, secretsMock, serveParameters, ssmMock } from '../mocks.js'
import { secretsOf, serveVersionedSecrets } from '../secret-versions.js'

const NAMES = Array.from({ length: 10 }, (_, index) => `/orders/prod/setting-${index}`)
const SECRETS = ['orders/key', 'billing/key', 'stock/key', 'users/key', 'mail/key']

/** Invokes every 30 seconds for two hours and counts the requests of the second hour, by operation. */
async function requestsInAWarmHour(revalidate: boolean): Promise<Record<string, number>> {
  serveParameters(Object.fromEntries(NAMES.map((name) => [name, `value of ${name}`])))
  serveVersionedSecrets(Object.fromEntries(SECRETS.map((name) => [name, `value of ${name}`])))
  const fetch = { ...Object.fromEntries(NAMES.map((name, index) => [`setting${index}`, ssm(name)])), ...secretsOf(SECRETS, { revalidate }) }
  const invoke = contextHandler(registry({ fetch, ...testOptions() })) // the default expiry, 5 minutes
  const start = Date.now()
  for (let second = 0; second < 2 * 60 * 60; second += 30) {
    if (second === 60 * 60) {
      ssmMock.resetHistory()
      secretsMock.resetHistory()
    }
    jest.setSystemTime(start + second * 1000)
    await invoke()
    await afterBackgroundWork()
  }
  const count = (calls: readonly unknown[]) => calls.length
  return {
    GetParameters: count(ssmMock.commandCalls(GetParametersCommand)),
    BatchGetSecretValue: count(secretsMock.commandCalls(BatchGetSecretValueCommand)),
    GetSecretValue: count(secretsMock.commandCalls(GetSecretValueCommand)),
    DescribeSecret: count(secretsMock.commandCalls(DescribeSecretCommand)),
  }
}

onFakeClock(resetAll)

describe('requests per hour of a warm environment, 10 names + 5 secrets, default expiry', () => {
  // Without jitter, the entries expire every 5 minutes exactly: 12 refreshes an hour.
  const withoutJitter = () => jest.spyOn(Math, 'random').mockReturnValue(0)

  it('without revalidation: each refresh reads every value, 24 requests', async () => {
    withoutJitter()
    expect(await requestsInAWarmHour(false)).toEqual({ GetParameters: 12, BatchGetSecretValue: 12, GetSecretValue: 0, DescribeSecret: 0 })
  })

  it('with revalidation, nothing changing: a DescribeSecret per secret and refresh, and one full read, 68 requests', async () => {
    withoutJitter()
    expect(await requestsInAWarmHour(true)).toEqual({ GetParameters: 12, BatchGetSecretValue: 1, GetSecretValue: 0, DescribeSecret: 55 })
  })
})
