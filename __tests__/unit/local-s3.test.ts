/** The local registry file serves s3() references from its "s3" section, without the SDK. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { removeRegistryFiles, writeRegistry } from './registry-files.js'
import { notInstalled } from './sdk-not-installed.js'

// The S3 SDK stands in as "not installed": a local registry must never load it.
const sdkLoads: string[] = []
jest.unstable_mockModule('#sdk/s3', notInstalled('@aws-sdk/client-s3', sdkLoads))

const { registry, s3, clearRegistryCache } = await import('../../src/index.js')
// After the mocks: helpers import the package, whose sources import their SDK loaders.
const { invoke, invokeFailing } = await import('./helpers.js')

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff])

const configFile = () =>
  writeRegistry({
    s3: {
      'config-bucket/motd.txt': 'hello from the local registry',
      'config-bucket/limits.json': { rps: 200, burst: 50 },
      'config-bucket/limits.json:v1': { rps: 100 },
      'config-bucket/logo.png': Buffer.from(PNG).toString('base64'),
      'config-bucket/broken.png': 'not base64!',
    },
  })

const failuresOf = async (fetch: Parameters<typeof registry>[0]['fetch'], local = configFile()) =>
  (await invokeFailing(registry({ fetch, local, prefetch: false }))).failures.map(({ key, code, message }) => ({ key, code, message }))

beforeEach(() => {
  clearRegistryCache()
  sdkLoads.length = 0
})

afterEach(() => {
  removeRegistryFiles()
})

describe('local registry: S3 objects', () => {
  it('serves text as written, other JSON as its text or parsed, and base64 as bytes', async () => {
    const fetch = {
      motd: s3('config-bucket', 'motd.txt'),
      limitsText: s3('config-bucket', 'limits.json'),
      limits: s3.json<{ rps: number }>('config-bucket', 'limits.json'),
      logo: s3.binary('config-bucket', 'logo.png'),
    }

    const context = await invoke(registry({ fetch, local: configFile(), prefetch: false }))

    expect(context.motd).toBe('hello from the local registry')
    expect(context.limitsText).toBe('{"rps":200,"burst":50}')
    expect(context.limits).toEqual({ rps: 200, burst: 50 })
    expect(context.logo).toEqual(PNG)
    expect(sdkLoads).toEqual([])
  })

  it('reads a pinned version from its own key, bucket/key:versionId', async () => {
    const context = await invoke(
      registry({ fetch: { limits: s3.json('config-bucket', 'limits.json', { versionId: 'v1' }) }, local: configFile(), prefetch: false }),
    )

    expect(context.limits).toEqual({ rps: 100 })
  })

  it("answers a missing object with NoSuchKey and a missing version with NoSuchVersion, S3's codes", async () => {
    const failures = await failuresOf({ gone: s3('config-bucket', 'gone.txt'), old: s3('config-bucket', 'motd.txt', { versionId: 'v0' }) })

    expect(failures).toEqual([
      { key: 'gone', code: 'NoSuchKey', message: 'no S3 object config-bucket/gone.txt in the local registry' },
      { key: 'old', code: 'NoSuchVersion', message: 'no S3 object config-bucket/motd.txt:v0 in the local registry' },
    ])
  })

  it('resolves a missing object to undefined when the reference is optional, and a file without an s3 section holds none', async () => {
    const local = writeRegistry({ parameters: {} })

    const context = await invoke(registry({ fetch: { motd: s3('config-bucket', 'motd.txt', { optional: true }) }, local, prefetch: false }))

    expect(context.motd).toBeUndefined()
  })

  it('fails s3.binary() with LocalRegistryInvalid for text that is not base64, never quoting it', async () => {
    const failures = await failuresOf({ logo: s3.binary('config-bucket', 'broken.png') })

    expect(failures).toEqual([
      {
        key: 'logo',
        code: 'LocalRegistryInvalid',
        message:
          's3 entry config-bucket/broken.png of the local registry has a character that is not base64 at position 4 (line breaks not counted); s3.binary() reads base64 text',
      },
    ])
  })

  it('applies maxBytes as S3 would', async () => {
    const failures = await failuresOf({ motd: s3('config-bucket', 'motd.txt', { maxBytes: 5 }) })

    expect(failures).toEqual([{ key: 'motd', code: 'ObjectTooLarge', message: 'object config-bucket/motd.txt is 29 bytes, more than maxBytes (5)' }])
  })

  it('fails every s3 key with LocalRegistryInvalid when the section is not an object', async () => {
    const failures = await failuresOf({ motd: s3('config-bucket', 'motd.txt') }, writeRegistry({ s3: ['config-bucket/motd.txt'] }))

    expect(failures).toEqual([{ key: 'motd', code: 'LocalRegistryInvalid', message: 'the "s3" section of the local registry must be an object' }])
  })
})
