/** S3: an expired object is asked for again with If-None-Match on its ETag; a 304 keeps it, with no body. */

import { GetObjectCommand } from '@aws-sdk/client-s3'
import { describe, expect, it, jest } from '@jest/globals'
import { type RegistryEvent, registry, s3 } from '../../../src/index.js'
import { awsError, contextHandler, eventually, onFakeClock, testOptions } from '../helpers.js'
import { resetAll, s3Mock } from '../mocks.js'
import { type Bucket, etagOf, getObjectInputs, serveBucket, streamOf } from '../s3-objects.js'

const MINUTE = 60_000
const BUCKET = 'config-bucket'
const LIMITS = '{"rps":200}'

/** A handler that resolves one s3.json() key; entries expire after a minute. */
function limitsHandler(options: Parameters<typeof s3.json>[2] = {}) {
  const events: RegistryEvent[] = []
  const fetch = { limits: s3.json<{ rps: number }>(BUCKET, 'limits.json', options) }
  const middleware = registry({ fetch, cacheExpiry: MINUTE, onEvent: (event) => events.push(event), ...testOptions() })
  const invoke = contextHandler(middleware)
  return { middleware, events, limits: async () => (await invoke()).limits }
}

/** Lets the entry expire, invokes (served stale, refreshed in the background) and waits for the refresh. */
async function expireAndRefresh(handler: ReturnType<typeof limitsHandler>, settledCount: number): Promise<void> {
  jest.setSystemTime(Date.now() + MINUTE)
  await handler.limits()
  const settled = () => {
    const { refreshes, revalidations, errors } = handler.middleware.stats()
    return refreshes + revalidations + errors
  }
  expect(await eventually(() => settled() === settledCount)).toBe(true)
}

onFakeClock(resetAll)

describe('an expired object whose ETag still matches', () => {
  it('is asked for with If-None-Match on the ETag it was read with', async () => {
    serveBucket(BUCKET, { 'limits.json': LIMITS })
    const handler = limitsHandler()
    await handler.limits()

    await expireAndRefresh(handler, 1)

    expect(getObjectInputs()).toEqual([
      { Bucket: BUCKET, Key: 'limits.json' },
      { Bucket: BUCKET, Key: 'limits.json', IfNoneMatch: etagOf(LIMITS) },
    ])
  })

  it('is kept on the 304, and no body is downloaded again', async () => {
    const bucket: Bucket = serveBucket(BUCKET, { 'limits.json': LIMITS })
    const handler = limitsHandler()
    await handler.limits()

    await expireAndRefresh(handler, 1)

    expect(await handler.limits()).toEqual({ rps: 200 })
    expect(bucket.pulled.bytes).toBe(LIMITS.length)
  })

  it('counts as a revalidation, not a refresh, in events and stats()', async () => {
    serveBucket(BUCKET, { 'limits.json': LIMITS })
    const handler = limitsHandler()
    await handler.limits()

    await expireAndRefresh(handler, 1)

    expect(handler.middleware.stats()).toMatchObject({ refreshes: 0, revalidations: 1, errors: 0 })
    expect(handler.events.map(({ type }) => type)).toContain('revalidate')
  })

  it('is fresh again for a whole cacheExpiry, as after a read', async () => {
    serveBucket(BUCKET, { 'limits.json': LIMITS })
    const handler = limitsHandler()
    await handler.limits()
    await expireAndRefresh(handler, 1)

    jest.setSystemTime(Date.now() + MINUTE / 2)
    await handler.limits()

    expect(getObjectInputs()).toHaveLength(2)
    expect(handler.middleware.stats()).toMatchObject({ hits: 1, revalidations: 1 })
  })

  it('is revalidated the same way when it is a pinned version', async () => {
    serveBucket(BUCKET, { 'limits.json': LIMITS })
    const handler = limitsHandler({ versionId: 'v1' })
    await handler.limits()

    await expireAndRefresh(handler, 1)

    expect(getObjectInputs()[1]).toEqual({ Bucket: BUCKET, Key: 'limits.json', VersionId: 'v1', IfNoneMatch: etagOf(LIMITS) })
    expect(handler.middleware.stats()).toMatchObject({ refreshes: 0, revalidations: 1 })
  })

  it('serves refresh() from the 304 when nothing changed', async () => {
    serveBucket(BUCKET, { 'limits.json': LIMITS })
    const handler = limitsHandler()
    await handler.limits()

    const refreshed = await handler.middleware.refresh('limits')

    expect(refreshed.limits).toEqual({ rps: 200 })
    expect(handler.middleware.stats()).toMatchObject({ revalidations: 1 })
  })
})

describe('an expired object is read again in full', () => {
  it('when it has changed: the new body and ETag replace the old', async () => {
    const bucket = serveBucket(BUCKET, { 'limits.json': LIMITS })
    const handler = limitsHandler()
    await handler.limits()
    bucket.put('limits.json', '{"rps":300}')

    await expireAndRefresh(handler, 1)
    await expireAndRefresh(handler, 2)

    expect(await handler.limits()).toEqual({ rps: 300 })
    expect(getObjectInputs().map(({ IfNoneMatch }) => IfNoneMatch)).toEqual([undefined, etagOf(LIMITS), etagOf('{"rps":300}')])
    expect(handler.middleware.stats()).toMatchObject({ refreshes: 1, revalidations: 1 })
  })

  it('without If-None-Match when S3 sent no ETag', async () => {
    s3Mock.on(GetObjectCommand).callsFake(async () => ({ Body: streamOf(LIMITS) }))
    const handler = limitsHandler()
    await handler.limits()

    await expireAndRefresh(handler, 1)

    expect(getObjectInputs().map(({ IfNoneMatch }) => IfNoneMatch)).toEqual([undefined, undefined])
    expect(handler.middleware.stats()).toMatchObject({ refreshes: 1, revalidations: 0 })
  })
})

describe('a conditional read that fails', () => {
  it('keeps the last good value, as any failed refresh', async () => {
    serveBucket(BUCKET, { 'limits.json': LIMITS })
    const handler = limitsHandler()
    await handler.limits()
    s3Mock.on(GetObjectCommand).rejects(awsError('SlowDown', 'Please reduce your request rate.'))

    await expireAndRefresh(handler, 1)

    expect(await handler.limits()).toEqual({ rps: 200 })
    expect(handler.events.filter(({ type }) => type === 'error').map(({ code }) => code)).toEqual(['SlowDown'])
  })

  it('drops the value once S3 says the object is gone', async () => {
    serveBucket(BUCKET, { 'limits.json': LIMITS })
    const handler = limitsHandler({ optional: true })
    await handler.limits()
    serveBucket(BUCKET, {})

    await expireAndRefresh(handler, 1)

    expect(await handler.limits()).toBeUndefined()
  })
})
