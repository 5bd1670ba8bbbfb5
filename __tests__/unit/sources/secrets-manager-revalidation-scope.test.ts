/** Secrets Manager: which expired secrets DescribeSecret may vouch for, and which are read again at once. */

import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { describe, expect, it } from '@jest/globals'
import { registry, secret } from '../../../src/index.js'
import { FULL_READ_INTERVAL } from '../../../src/sources/secrets-manager/revalidate.js'
import { eventually, gate, onFakeClock, testOptions } from '../helpers.js'
import { resetAll, secretsMock } from '../mocks.js'
import { describeCalls, expireAndRefresh, getCalls, MINUTE, minuteHandler, secretsOf, serveVersionedSecrets, warmedUp } from '../secret-versions.js'

onFakeClock(resetAll)

describe('secrets read again at every refresh', () => {
  it('with revalidate: false', async () => {
    serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'], { revalidate: false })))

    await expireAndRefresh(handler, 1)

    expect({ describe: describeCalls(), get: getCalls() }).toEqual({ describe: [], get: [{ SecretId: 'orders/key' }] })
  })

  it('when the read named no version, which DescribeSecret could compare', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ Name: 'orders/key', SecretString: 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))

    await expireAndRefresh(handler, 1)

    expect({ describe: describeCalls(), get: getCalls() }).toEqual({ describe: [], get: [{ SecretId: 'orders/key' }] })
  })
})

describe('a value DescribeSecret vouched for', () => {
  it('is read in full again an hour after it was last read, then revalidated again', async () => {
    serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const handler = await warmedUp(minuteHandler(secretsOf(['orders/key'])))
    const refreshesInAnHour = FULL_READ_INTERVAL / MINUTE

    for (let refresh = 1; refresh < refreshesInAnHour; refresh++) await expireAndRefresh(handler, refresh)
    expect(getCalls()).toHaveLength(0)
    await expireAndRefresh(handler, refreshesInAnHour)
    await expireAndRefresh(handler, refreshesInAnHour + 1)

    expect(getCalls()).toEqual([{ SecretId: 'orders/key' }])
    expect(handler.middleware.stats()).toMatchObject({ revalidations: refreshesInAnHour, refreshes: 1 })
  })
})

describe('a secret with nothing cached', () => {
  it('is read at once, alongside the DescribeSecret of an expired one', async () => {
    const held = gate()
    serveVersionedSecrets({ 'orders/key': 'orders v1', 'billing/key': 'billing v1' }, held.opened)
    await warmedUp(minuteHandler(secretsOf(['orders/key'])))
    // A second registry shares orders/key's entry and declares billing/key, never read yet.
    const both = registry({ fetch: secretsOf(['orders/key', 'billing/key']), ...testOptions() })

    const refreshed = both.refresh()
    expect(await eventually(() => getCalls().length === 1)).toBe(true)
    expect({ describe: describeCalls(), get: getCalls() }).toEqual({ describe: ['orders/key'], get: [{ SecretId: 'billing/key' }] })
    held.open()

    const values = await refreshed
    expect([values.orders, values.billing]).toEqual(['orders v1', 'billing v1'])
    expect(both.stats()).toMatchObject({ refreshes: 1, revalidations: 1 })
  })
})

describe('pinned references', () => {
  it('keep a versionStage while the cached version still carries that label, and read it once the label moved', async () => {
    const secrets = serveVersionedSecrets({ 'orders/key': 'key-v1' })
    secrets.put('orders/key', 'key-v2')
    const handler = await warmedUp(minuteHandler({ previous: secret('orders/key', { versionStage: 'AWSPREVIOUS' }) }))

    await expireAndRefresh(handler, 1)
    expect(getCalls()).toEqual([])
    secrets.put('orders/key', 'key-v3')
    await expireAndRefresh(handler, 2)

    expect(getCalls()).toEqual([{ SecretId: 'orders/key', VersionStage: 'AWSPREVIOUS' }])
    expect((await handler.invoke()).previous).toBe('key-v2')
    expect(handler.middleware.stats()).toMatchObject({ revalidations: 1, refreshes: 1 })
  })

  it('keep a versionId while DescribeSecret lists it, and read it once it lost its labels', async () => {
    const secrets = serveVersionedSecrets({ 'orders/key': 'key-v1' })
    const versionId = secrets.versionOf('orders/key')
    const handler = await warmedUp(minuteHandler({ pinned: secret('orders/key', { versionId }) }))

    secrets.put('orders/key', 'key-v2') // v1 is AWSPREVIOUS now: still listed
    await expireAndRefresh(handler, 1)
    expect(getCalls()).toEqual([])
    secrets.put('orders/key', 'key-v3') // v1 carries no label: DescribeSecret no longer lists it
    await expireAndRefresh(handler, 2)

    expect(getCalls()).toEqual([{ SecretId: 'orders/key', VersionId: versionId }])
    expect((await handler.invoke()).pinned).toBe('key-v1')
  })
})
