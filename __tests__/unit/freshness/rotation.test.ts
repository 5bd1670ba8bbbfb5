import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { registry, secret } from '../../../src/index.js'
import { awsError, contextHandler, eventually, invoke, invokeFailing, testOptions } from '../helpers.js'
import { resetAll, secretsMock } from '../mocks.js'
import { describeCalls, getCalls, serveVersionedSecrets } from '../secret-versions.js'

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

describe('rotating secrets that are revalidated', () => {
  const MINUTE = 60_000
  beforeEach(() => {
    resetAll()
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  /** A rotating secret that expires after 10 minutes; invokeAt() invokes at `minutes` past the start and waits until `settled` refreshes have settled in all. */
  function rotatingKey() {
    const middleware = registry({ fetch: { key: secret('orders/api-key', { rotation: true }) }, cacheExpiry: 10 * MINUTE, ...testOptions() })
    const invokeAt = async (minutes: number, settled = 0) => {
      jest.setSystemTime(START + minutes * MINUTE)
      const context = await contextHandler(middleware)()
      const settledSoFar = () => middleware.stats().refreshes + middleware.stats().revalidations
      expect(await eventually(() => settledSoFar() === settled)).toBe(true)
      return context.key
    }
    return { middleware, invokeAt }
  }

  it('takes the next rotation from the one DescribeSecret that revalidates the value', async () => {
    const secrets = serveVersionedSecrets({ 'orders/api-key': 'key-v1' })
    secrets.rotatesAt('orders/api-key', new Date(START + HOUR))
    const { middleware, invokeAt } = rotatingKey()
    await invokeAt(0)

    await invokeAt(10, 1)

    // One DescribeSecret at the first read (alongside the value), one for the revalidation: not two.
    expect({ describe: describeCalls(), get: getCalls() }).toEqual({ describe: ['orders/api-key', 'orders/api-key'], get: [{ SecretId: 'orders/api-key' }] })
    expect(middleware.stats()).toMatchObject({ revalidations: 1, refreshes: 0 })
  })

  it('expires a revalidated value at the rotation date that DescribeSecret gave', async () => {
    const secrets = serveVersionedSecrets({ 'orders/api-key': 'key-v1' })
    secrets.rotatesAt('orders/api-key', new Date(START + HOUR))
    const { middleware, invokeAt } = rotatingKey()
    await invokeAt(0)
    // Rotation brought forward: the revalidation at 10 minutes learns it.
    secrets.rotatesAt('orders/api-key', new Date(START + 15 * MINUTE))
    await invokeAt(10, 1)

    await invokeAt(14, 1)
    expect(describeCalls()).toHaveLength(2)
    await invokeAt(15, 2)

    expect(describeCalls()).toHaveLength(3)
    expect(middleware.stats()).toMatchObject({ hits: 1, revalidations: 2 })
  })

  it('reads a moved version after its DescribeSecret, and keeps the rotation date that answer gave', async () => {
    const secrets = serveVersionedSecrets({ 'orders/api-key': 'key-v1' })
    secrets.rotatesAt('orders/api-key', new Date(START + HOUR))
    const { invokeAt } = rotatingKey()
    await invokeAt(0)
    secrets.put('orders/api-key', 'key-v2')
    secrets.rotatesAt('orders/api-key', new Date(START + 15 * MINUTE))

    await invokeAt(10, 1)
    // One DescribeSecret for the revalidation, whose date the read keeps: no second one for rotation.
    expect({ describe: describeCalls().length, get: getCalls().length }).toEqual({ describe: 2, get: 2 })
    expect(await invokeAt(14, 1)).toBe('key-v2')
    await invokeAt(15, 2)

    expect({ describe: describeCalls().length, get: getCalls().length }).toEqual({ describe: 3, get: 2 })
  })
})
