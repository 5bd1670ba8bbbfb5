// Importing the testing module first switches this test file's process to test mode.

import { afterEach, describe, expect, it } from '@jest/globals'
import { registry, s3 } from '../../../src/index.js'
import { missing, resetRegistryStubs, stubReference, stubRegistry } from '../../../src/testing/index.js'
import { invoke, invokeFailing } from '../helpers.js'
import { s3Mock } from '../mocks.js'

const config = registry({
  fetch: {
    banner: s3('acme-config', 'banner.txt'),
    limits: s3.json<{ rps: number }>('acme-config', 'limits.json'),
    ca: s3.binary('acme-config', 'ca.pem', { optional: true }),
  },
})

describe('middy-registry/testing with S3 references', () => {
  afterEach(() => resetRegistryStubs())

  it('serves stubbed objects without calling S3', async () => {
    stubRegistry(config, { banner: 'hello', limits: { rps: 5 }, ca: new Uint8Array([1, 2]) })

    const context = await invoke(config)

    expect({ banner: context.banner, limits: context.limits, ca: context.ca }).toEqual({ banner: 'hello', limits: { rps: 5 }, ca: new Uint8Array([1, 2]) })
    expect(s3Mock.calls()).toHaveLength(0)
  })

  it("simulates a missing object with S3's NoSuchKey, or undefined when optional", async () => {
    stubRegistry(config, { banner: missing(), limits: { rps: 5 }, ca: missing() })

    const error = await invokeFailing(config)

    expect(error.failures.map(({ key, source, code }) => `${key}: ${source} ${code}`)).toEqual(['banner: s3 NoSuchKey'])
  })

  it('stubs one object by its reference, for every registry that declares it', async () => {
    stubReference(s3('acme-config', 'banner.txt'), 'from the reference')
    stubReference(s3.json('acme-config', 'limits.json'), { rps: 1 })
    stubReference(s3.binary('acme-config', 'ca.pem', { optional: true }), missing())

    const context = await invoke(config)

    expect({ banner: context.banner, limits: context.limits, ca: context.ca }).toEqual({ banner: 'from the reference', limits: { rps: 1 }, ca: undefined })
  })
})
