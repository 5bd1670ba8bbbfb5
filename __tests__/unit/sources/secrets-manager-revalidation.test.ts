/** Secrets Manager: an expired secret is revalidated by DescribeSecret, and read again only when its version moved. */

import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { describe, expect, it, jest } from '@jest/globals'
import { clearRegistryCache } from '../../../src/index.js'
import { awsError, eventually, gate, onFakeClock } from '../helpers.js'
import { resetAll, secretsMock } from '../mocks.js'
import {
  batchCalls,
  describeCalls,
  expireAndRefresh,
  getCalls,
  keyOf,
  MINUTE,
  minuteHandler,
  secretsOf,
  serveVersionedSecrets,
  warmedUp,
} from '../secret-versions.js'

const NAMES = ['orders/key', 'billing/key', 'stock/key', 'users/key', 'mail/key']

onFakeClock(resetAll)

describe('an expired secret whose version has not moved', () => {
  it('is kept after one DescribeSecret, without reading its value', async () => {
    serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))

    await expireAndRefresh(handler, 1)

    expect(describeCalls()).toEqual(['orders/key'])
    expect({ get: getCalls(), batch: batchCalls() }).toEqual({ get: [], batch: [] })
    expect((await handler.invoke()).orders).toBe('key-v1')
  })

  it('counts as a revalidation, not a refresh, in events and stats()', async () => {
    serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))

    await expireAndRefresh(handler, 1)

    expect(handler.middleware.stats()).toMatchObject({ refreshes: 0, revalidations: 1, errors: 0 })
    expect(handler.events.filter(({ type }) => type === 'revalidate' || type === 'refresh')).toEqual([
      expect.objectContaining({ type: 'revalidate', key: 'orders', source: 'secretsmanager', id: 'orders/key' }),
    ])
  })

  it('is fresh again for a whole cacheExpiry, as after a read', async () => {
    serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))
    await expireAndRefresh(handler, 1)

    jest.setSystemTime(Date.now() + MINUTE / 2)
    await handler.invoke()

    expect(describeCalls()).toHaveLength(1)
    expect(handler.middleware.stats()).toMatchObject({ hits: 1, revalidations: 1 })
  })

  it('answers refresh() with DescribeSecret alone', async () => {
    serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))

    expect((await handler.middleware.refresh('orders')).orders).toBe('key-v1')
    expect({ describe: describeCalls(), get: getCalls() }).toEqual({ describe: ['orders/key'], get: [] })
  })
})

describe('an expired secret whose version moved', () => {
  it('is read again, and the new value served', async () => {
    const secrets = serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))
    secrets.put('orders/key', 'key-v2')

    await expireAndRefresh(handler, 1)

    expect(describeCalls()).toEqual(['orders/key'])
    expect(getCalls()).toEqual([{ SecretId: 'orders/key' }])
    expect((await handler.invoke()).orders).toBe('key-v2')
    expect(handler.middleware.stats()).toMatchObject({ refreshes: 1, revalidations: 0 })
  })

  it('of several: each asked about at once, the moved ones read in one BatchGetSecretValue', async () => {
    // No DescribeSecret answers before all five are sent: they go out in parallel.
    const held = gate()
    const secrets = serveVersionedSecrets(Object.fromEntries(NAMES.map((name) => [name, `${name} v1`])), held.opened)
    const handler = await warmedUp(minuteHandler(secretsOf(NAMES)))
    secrets.put('billing/key', 'billing/key v2')
    secrets.put('mail/key', 'mail/key v2')

    jest.setSystemTime(Date.now() + MINUTE)
    await handler.invoke()
    expect(await eventually(() => describeCalls().length === NAMES.length)).toBe(true)
    held.open()
    const { stats } = handler.middleware
    expect(await eventually(() => stats().revalidations + stats().refreshes === NAMES.length)).toBe(true)

    expect(describeCalls()).toEqual(NAMES)
    expect({ batch: batchCalls(), get: getCalls() }).toEqual({ batch: [['billing/key', 'mail/key']], get: [] })
    expect(stats()).toMatchObject({ refreshes: 2, revalidations: 3 })
    const context = await handler.invoke()
    expect(NAMES.map((name) => context[keyOf(name)])).toEqual(['orders/key v1', 'billing/key v2', 'stock/key v1', 'users/key v1', 'mail/key v2'])
  })
})

describe('when DescribeSecret fails or answers without versions', () => {
  it('adds no read to a throttled service: the refresh fails, the last good value stays, and the next one asks again', async () => {
    const secrets = serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))
    secretsMock.on(DescribeSecretCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'))

    await expireAndRefresh(handler, 1)
    expect({ describe: describeCalls(), get: getCalls() }).toEqual({ describe: ['orders/key'], get: [] })
    expect(handler.events.filter(({ type }) => type === 'error')).toEqual([expect.objectContaining({ key: 'orders', code: 'ThrottlingException' })])
    expect((await handler.invoke()).orders).toBe('key-v1')

    secretsMock.on(DescribeSecretCommand).callsFake(secrets.describe)
    await expireAndRefresh(handler, 2)
    expect(handler.middleware.stats()).toMatchObject({ errors: 1, revalidations: 1, refreshes: 0 })
  })

  it.each([
    ['a server error', Object.assign(awsError('InternalServiceError'), { $fault: 'server', $metadata: { httpStatusCode: 500 } }), 'InternalServiceError'],
    ['no answer in time', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'Timeout'],
  ])('adds no read after %s either', async (_, error, code) => {
    serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))
    secretsMock.on(DescribeSecretCommand).rejects(error)

    await expireAndRefresh(handler, 1)

    expect(getCalls()).toEqual([])
    expect(handler.events.filter(({ type }) => type === 'error')).toEqual([expect.objectContaining({ code })])
  })

  it('lets the read confirm a deletion that DescribeSecret reports, and no longer serves the value', async () => {
    serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'], { optional: true })))
    const gone = awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
    secretsMock.on(DescribeSecretCommand).rejects(gone)
    secretsMock.on(GetSecretValueCommand).rejects(gone)

    await expireAndRefresh(handler, 1)

    expect(getCalls()).toEqual([{ SecretId: 'orders/key' }])
    expect((await handler.invoke()).orders).toBeUndefined()
  })

  it('reads the value when DescribeSecret is denied, and stops asking about that secret', async () => {
    serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))
    secretsMock.on(DescribeSecretCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: secretsmanager:DescribeSecret'))

    await expireAndRefresh(handler, 1)
    await expireAndRefresh(handler, 2)

    // A missing permission costs one denied request, once: then refreshes read as before.
    expect(describeCalls()).toEqual(['orders/key'])
    expect(getCalls()).toHaveLength(2)
    expect(handler.middleware.stats()).toMatchObject({ refreshes: 2, revalidations: 0, errors: 0 })
    expect((await handler.invoke()).orders).toBe('key-v1')
  })

  it('keeps asking about the other secrets of the scope when one is denied', async () => {
    serveVersionedSecrets({ 'orders/key': 'orders v1', 'billing/key': 'billing v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key', 'billing/key'])))
    const denied = awsError('AccessDeniedException', 'not authorized to perform: secretsmanager:DescribeSecret')
    secretsMock.on(DescribeSecretCommand, { SecretId: 'billing/key' }).rejects(denied)

    await expireAndRefresh(handler, 2)
    await expireAndRefresh(handler, 4)

    expect(describeCalls()).toEqual(['orders/key', 'billing/key', 'orders/key'])
    expect(handler.middleware.stats()).toMatchObject({ revalidations: 2, refreshes: 2 })
  })

  it('asks again once clearRegistryCache() has forgotten the denial', async () => {
    const secrets = serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))
    // Denied once only (a flag, since resetHistory() would restart sinon's call numbering).
    let denied = false
    secretsMock.on(DescribeSecretCommand).callsFake(async (input) => {
      if (denied) return secrets.describe(input)
      denied = true
      throw awsError('AccessDeniedException', 'not authorized to perform: secretsmanager:DescribeSecret')
    })
    await expireAndRefresh(handler, 1)

    clearRegistryCache()
    await handler.invoke()
    await expireAndRefresh(handler, 2)

    expect(describeCalls()).toEqual(['orders/key', 'orders/key'])
    expect(handler.middleware.stats()).toMatchObject({ revalidations: 1 })
  })

  it('reads the value when the answer lists no versions, which AWS always sends', async () => {
    serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))
    secretsMock.on(DescribeSecretCommand).resolves({ Name: 'orders/key' })

    await expireAndRefresh(handler, 1)

    expect(getCalls()).toEqual([{ SecretId: 'orders/key' }])
    expect((await handler.invoke()).orders).toBe('key-v1')
    expect(handler.middleware.stats()).toMatchObject({ refreshes: 1, revalidations: 0 })
  })

  it('keeps the last good value when neither DescribeSecret nor the read gives a usable answer', async () => {
    serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))
    secretsMock.on(DescribeSecretCommand).resolves({})
    secretsMock.on(GetSecretValueCommand).resolves({ Name: 'orders/key' })

    await expireAndRefresh(handler, 1)

    expect(handler.events.filter(({ type }) => type === 'error')).toEqual([expect.objectContaining({ key: 'orders', code: 'InvalidResponse' })])
    expect((await handler.invoke()).orders).toBe('key-v1')
  })

  it('reads a secret scheduled for deletion, whose read fails as it did without revalidation', async () => {
    const secrets = serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))
    const VersionIdsToStages = { [secrets.versionOf('orders/key')]: ['AWSCURRENT'] }
    secretsMock.on(DescribeSecretCommand).resolves({ VersionIdsToStages, DeletedDate: new Date() })
    secretsMock.on(GetSecretValueCommand).rejects(awsError('InvalidRequestException', 'the secret was marked for deletion'))

    await expireAndRefresh(handler, 1)

    expect(getCalls()).toEqual([{ SecretId: 'orders/key' }])
    expect(handler.events.filter(({ type }) => type === 'error')).toEqual([expect.objectContaining({ code: 'InvalidRequestException' })])
  })
})
