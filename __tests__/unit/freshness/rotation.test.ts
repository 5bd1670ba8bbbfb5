import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { registry, secret } from '../../../src/index.js'
import { awsError, eventually, invoke, invokeFailing, testOptions } from '../helpers.js'
import { resetAll, secretsMock } from '../mocks.js'

const HOUR = 3600_000
const START = new Date('2026-01-01T00:00:00Z').getTime()

function serveKeys() {
  secretsMock
    .on(GetSecretValueCommand)
    .resolvesOnce({ Name: 'orders/api-key', SecretString: 'key-v1' })
    .resolves({ Name: 'orders/api-key', SecretString: 'key-v2' })
}

describe('secrets that follow their rotation schedule', () => {
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('reads NextRotationDate alongside the value, in the same round trip', async () => {
    serveKeys()
    secretsMock.on(DescribeSecretCommand).resolves({ RotationEnabled: true, NextRotationDate: new Date(START + HOUR) })
    const orders = registry({ fetch: { key: secret('orders/api-key', { rotation: true }) }, cacheExpiry: Infinity, ...testOptions() })
    expect((await invoke(orders)).key).toBe('key-v1')
    expect(secretsMock.commandCalls(DescribeSecretCommand).map((call) => call.args[0].input)).toEqual([{ SecretId: 'orders/api-key' }])
  })

  it('expires the value at the rotation date, then refreshes it without blocking', async () => {
    serveKeys()
    secretsMock.on(DescribeSecretCommand).resolves({ RotationEnabled: true, NextRotationDate: new Date(START + HOUR) })
    const orders = registry({ fetch: { key: secret('orders/api-key', { rotation: true }) }, cacheExpiry: Infinity, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(START + HOUR - 1)
    await invoke(orders)
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1)
    jest.setSystemTime(START + HOUR)
    expect((await invoke(orders)).key).toBe('key-v1')
    expect(await eventually(() => orders.stats().refreshes === 1)).toBe(true)
    expect((await invoke(orders)).key).toBe('key-v2')
  })

  it('keeps the regular expiry when the rotation comes later', async () => {
    serveKeys()
    secretsMock.on(DescribeSecretCommand).resolves({ RotationEnabled: true, NextRotationDate: new Date(START + 10 * HOUR) })
    const orders = registry({ fetch: { key: secret('orders/api-key', { rotation: true }) }, cacheExpiry: HOUR, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(START + HOUR)
    await invoke(orders)
    expect(await eventually(() => secretsMock.commandCalls(GetSecretValueCommand).length === 2)).toBe(true)
  })

  it('ignores a secret without rotation', async () => {
    serveKeys()
    secretsMock.on(DescribeSecretCommand).resolves({ RotationEnabled: false })
    const orders = registry({ fetch: { key: secret('orders/api-key', { rotation: true }) }, cacheExpiry: Infinity, ...testOptions() })
    await invoke(orders)
    jest.setSystemTime(START + 1000 * HOUR)
    await invoke(orders)
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1)
  })

  it('does not call DescribeSecret for secrets that did not opt in', async () => {
    serveKeys()
    await invoke(registry({ fetch: { key: secret('orders/api-key') }, ...testOptions() }))
    expect(secretsMock.commandCalls(DescribeSecretCommand)).toHaveLength(0)
  })

  it('names DescribeSecret when the role may not call it', async () => {
    serveKeys()
    secretsMock.on(DescribeSecretCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: secretsmanager:DescribeSecret'))
    const error = await invokeFailing(registry({ fetch: { key: secret('orders/api-key', { rotation: true }) }, ...testOptions() }))
    expect(error.failures[0]).toMatchObject({ key: 'key', code: 'AccessDeniedException' })
    expect(error.failures[0]!.message).toMatch(/^DescribeSecret, needed for \{ rotation: true \}, failed/)
  })
})
