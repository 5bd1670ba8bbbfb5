import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import middy from '@middy/core'
import { removeRegistryFiles, writeRegistry } from './registry-files.js'
import { notInstalled } from './sdk-not-installed.js'

// The AWS SDK stands in as "not installed": a local registry must never load it, and a
// registry that does reach for AWS fails with SdkNotInstalled instead of calling out.
const sdkLoads: string[] = []
jest.unstable_mockModule('#sdk/ssm', notInstalled('@aws-sdk/client-ssm', sdkLoads))
jest.unstable_mockModule('#sdk/secrets-manager', notInstalled('@aws-sdk/client-secrets-manager', sdkLoads))

const { registry, ssm, secret, RegistryError, clearRegistryCache } = await import('../../src/index.js')
const { LOCAL_REGISTRY_ENV } = await import('../../src/local.js')
// After the mocks: helpers import the package, whose sources import their SDK loaders.
const { lambdaContext } = await import('./helpers.js')
type FetchMap = import('../../src/index.js').FetchMap
type RegistryContext<F extends FetchMap> = import('../../src/index.js').RegistryContext<F>

const SECRET_IN_FILE = 'zq-Canary-7f3a91-never-print-me'

interface LocalOptions {
  local?: string | false
  cacheExpiry?: number
  maxStale?: number
}

/** A middy handler behind the registry; each call invokes it and hands back the context it received. */
function handlerFor<const F extends FetchMap>(fetch: F, options: LocalOptions = {}) {
  const handler = middy()
    .use(registry({ fetch, prefetch: false, ...options }))
    .handler(async (_event: unknown, context: RegistryContext<F>) => context)
  // Middy types the wrapped handler with the context its middlewares add; Lambda passes a plain one.
  return () => handler({}, lambdaContext() as RegistryContext<F>)
}

const invoke = <const F extends FetchMap>(fetch: F, options: LocalOptions = {}) => handlerFor(fetch, options)()

/** The RegistryError an invocation rejects with. */
async function registryErrorOf(invocation: Promise<unknown>) {
  const error = await invocation.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(RegistryError)
  return error as InstanceType<typeof RegistryError>
}

beforeEach(() => {
  clearRegistryCache()
  sdkLoads.length = 0
  delete process.env[LOCAL_REGISTRY_ENV]
})

afterEach(() => {
  delete process.env[LOCAL_REGISTRY_ENV]
  removeRegistryFiles()
})

describe('local registry: SSM parameters', () => {
  it('gives a string value as a String', async () => {
    const local = writeRegistry({ parameters: { '/orders/prod/endpoint': 'https://orders.example.com' } })
    const context = await invoke({ ordersUrl: ssm('/orders/prod/endpoint') }, { local })
    expect(context.ordersUrl).toBe('https://orders.example.com')
  })

  it('gives an array as a StringList, split by ssm.list() and comma-joined by ssm()', async () => {
    const local = writeRegistry({ parameters: { '/orders/prod/hosts': ['a.example.com', 'b.example.com'] } })
    const context = await invoke({ hosts: ssm.list('/orders/prod/hosts'), joined: ssm('/orders/prod/hosts') }, { local })
    expect(context.hosts).toEqual(['a.example.com', 'b.example.com'])
    expect(context.joined).toBe('a.example.com,b.example.com')
  })

  it('parses JSON written as an object or as JSON text', async () => {
    const local = writeRegistry({ parameters: { '/orders/prod/limits': { rps: 50, burst: [1, 2] }, '/orders/prod/retry': '{"attempts":3}' } })
    const context = await invoke({ limits: ssm.json('/orders/prod/limits'), retry: ssm.json('/orders/prod/retry') }, { local })
    expect(context.limits).toEqual({ rps: 50, burst: [1, 2] })
    expect(context.retry).toEqual({ attempts: 3 })
  })

  it('reads a version or label pinned as its own key, without falling back to the current value', async () => {
    const local = writeRegistry({ parameters: { '/orders/prod/endpoint': 'v5', '/orders/prod/endpoint:3': 'v3', '/orders/prod/endpoint:live': 'live' } })
    const context = await invoke({ three: ssm('/orders/prod/endpoint:3'), live: ssm('/orders/prod/endpoint:live') }, { local })
    expect(context.three).toBe('v3')
    expect(context.live).toBe('live')

    const error = await registryErrorOf(invoke({ four: ssm('/orders/prod/endpoint:4') }, { local }))
    expect(error.failures).toEqual([expect.objectContaining({ key: 'four', id: '/orders/prod/endpoint:4', code: 'ParameterNotFound' })])
  })

  it('reads a parameter by ARN from the bare name, so one file serves every account', async () => {
    const local = writeRegistry({ parameters: { '/shared/endpoint': 'bare', '/shared/endpoint:2': 'bare v2', flat: 'flat' } })
    const arn = 'arn:aws:ssm:eu-west-1:111111111111:parameter'
    const fetch = { shared: ssm(`${arn}/shared/endpoint`), pinned: ssm(`${arn}/shared/endpoint:2`), flat: ssm(`${arn}/flat`) }
    const context = await invoke(fetch, { local })
    expect(context.shared).toBe('bare')
    expect(context.pinned).toBe('bare v2')
    expect(context.flat).toBe('flat')
  })

  it('prefers an entry keyed by the full ARN over the bare name', async () => {
    const arn = 'arn:aws:ssm:eu-west-1:222222222222:parameter/shared/endpoint'
    const local = writeRegistry({ parameters: { '/shared/endpoint': 'bare', [arn]: 'by arn' } })
    const context = await invoke({ shared: ssm(arn) }, { local })
    expect(context.shared).toBe('by arn')
  })

  it('fails a missing parameter with ParameterNotFound, naming the key, the source and the name', async () => {
    const local = writeRegistry({ parameters: {} })
    const error = await registryErrorOf(invoke({ ordersUrl: ssm('/orders/prod/endpoint') }, { local }))
    const failure = { key: 'ordersUrl', source: 'local', id: '/orders/prod/endpoint', code: 'ParameterNotFound', message: expect.any(String) }
    expect(error.failures).toEqual([failure])
    expect(error.message).toContain('ordersUrl (local /orders/prod/endpoint: ParameterNotFound)')
  })

  it('resolves a missing optional parameter to undefined', async () => {
    const local = writeRegistry({ parameters: {} })
    const context = await invoke({ ordersUrl: ssm('/orders/prod/endpoint', { optional: true }) }, { local })
    expect(context.ordersUrl).toBeUndefined()
  })
})

describe('local registry: SSM paths', () => {
  const parameters = {
    '/features/prod/search': 'on',
    '/features/prod/beta/checkout': 'off',
    '/features/prod/regions': ['eu', 'us'],
    '/features/prod/search:2': 'pinned, not part of the path',
    '/features/production/other': 'a sibling, not under the path',
  }

  it('gives every parameter under the path, keyed by its name relative to the path', async () => {
    const local = writeRegistry({ parameters })
    const context = await invoke({ features: ssm.path('/features/prod/') }, { local })
    expect(context.features).toEqual({ search: 'on', 'beta/checkout': 'off', regions: 'eu,us' })
  })

  it('leaves nested levels out when recursive is false', async () => {
    const local = writeRegistry({ parameters })
    const context = await invoke({ features: ssm.path('/features/prod', { recursive: false }) }, { local })
    expect(context.features).toEqual({ search: 'on', regions: 'eu,us' })
  })

  it('gives an empty record for a path with nothing under it', async () => {
    const local = writeRegistry({ parameters })
    const context = await invoke({ features: ssm.path('/features/dev/') }, { local })
    expect(context.features).toEqual({})
  })
})

describe('local registry: secrets', () => {
  it('gives a string secret, masked (non-enumerable) on the context', async () => {
    const local = writeRegistry({ secrets: { 'orders/prod/api-key': SECRET_IN_FILE } })
    const context = await invoke({ apiKey: secret('orders/prod/api-key') }, { local })
    expect(context.apiKey).toBe(SECRET_IN_FILE)
    expect(Object.keys(context)).not.toContain('apiKey')
    expect(JSON.stringify(context)).not.toContain(SECRET_IN_FILE)
  })

  it('parses a JSON secret written as an object or as JSON text', async () => {
    const local = writeRegistry({ secrets: { 'db/prod': { user: 'orders', password: SECRET_IN_FILE }, 'db/replica': '{"user":"reader"}' } })
    const context = await invoke({ db: secret.json('db/prod'), replica: secret.json('db/replica') }, { local })
    expect(context.db).toEqual({ user: 'orders', password: SECRET_IN_FILE })
    expect(context.replica).toEqual({ user: 'reader' })
  })

  it('decodes a binary secret written as base64', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 255])
    const local = writeRegistry({ secrets: { 'tls/cert': Buffer.from(bytes).toString('base64') } })
    const context = await invoke({ cert: secret.binary('tls/cert') }, { local })
    expect(Uint8Array.from(context.cert)).toEqual(bytes)
  })

  it('reads a pinned stage or version from the key "id:STAGE" / "id:VERSION-ID"', async () => {
    const local = writeRegistry({
      secrets: { 'db/prod': 'current', 'db/prod:AWSPREVIOUS': 'previous', 'db/prod:EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE': 'that version' },
    })
    const current = secret('db/prod', { versionStage: 'AWSCURRENT' })
    const previous = secret('db/prod', { versionStage: 'AWSPREVIOUS' })
    const context = await invoke({ current, previous, exact: secret('db/prod', { versionId: 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE' }) }, { local })
    expect([context.current, context.previous, context.exact]).toEqual(['current', 'previous', 'that version'])
  })

  it('reads a secret by full or partial ARN from its name', async () => {
    const local = writeRegistry({ secrets: { 'orders/prod/api-key': 'by name' } })
    const arn = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:orders/prod/api-key'
    const context = await invoke({ full: secret(`${arn}-AbC123`), partial: secret(arn) }, { local })
    expect([context.full, context.partial]).toEqual(['by name', 'by name'])
  })

  it('fails a missing secret with ResourceNotFoundException', async () => {
    const local = writeRegistry({ secrets: { 'db/prod': 'current' } })
    const error = await registryErrorOf(invoke({ previous: secret('db/prod', { versionStage: 'AWSPREVIOUS' }), key: secret('orders/prod/api-key') }, { local }))
    expect(error.failures.map(({ key, source, code }) => ({ key, source, code }))).toEqual([
      { key: 'previous', source: 'local', code: 'ResourceNotFoundException' },
      { key: 'key', source: 'local', code: 'ResourceNotFoundException' },
    ])
  })

  it('resolves a missing optional secret to undefined', async () => {
    const local = writeRegistry({ secrets: {} })
    const context = await invoke({ key: secret('orders/prod/api-key', { optional: true }) }, { local })
    expect(context.key).toBeUndefined()
  })
})

describe('local registry: choosing the file', () => {
  const file = { parameters: { '/orders/prod/endpoint': 'from the file' } }

  it('reads the file named by MIDDY_REGISTRY_LOCAL when the option is absent', async () => {
    process.env[LOCAL_REGISTRY_ENV] = writeRegistry(file)
    const context = await invoke({ ordersUrl: ssm('/orders/prod/endpoint') })
    expect(context.ordersUrl).toBe('from the file')
  })

  it('prefers the local option over the environment variable', async () => {
    process.env[LOCAL_REGISTRY_ENV] = writeRegistry({ parameters: { '/orders/prod/endpoint': 'from the variable' } })
    const context = await invoke({ ordersUrl: ssm('/orders/prod/endpoint') }, { local: writeRegistry(file) })
    expect(context.ordersUrl).toBe('from the file')
  })

  it('resolves a relative path against the working directory', async () => {
    const local = relative(process.cwd(), writeRegistry(file))
    const context = await invoke({ ordersUrl: ssm('/orders/prod/endpoint') }, { local })
    expect(context.ordersUrl).toBe('from the file')
  })

  it('ignores the environment variable with local: false and goes to AWS', async () => {
    process.env[LOCAL_REGISTRY_ENV] = writeRegistry(file)
    const error = await registryErrorOf(invoke({ ordersUrl: ssm('/orders/prod/endpoint') }, { local: false }))
    // The stand-in SDK is "not installed", so reaching for AWS is visible as this failure.
    expect(error.failures).toEqual([expect.objectContaining({ key: 'ordersUrl', source: 'ssm', code: 'SdkNotInstalled' })])
    expect(sdkLoads).toEqual(['@aws-sdk/client-ssm'])
  })
})

describe('local registry: a file that cannot be used', () => {
  it('fails every key with LocalRegistryNotFound when the file does not exist', async () => {
    const local = join(tmpdir(), 'middy-registry-no-such-dir', 'registry.local.json')
    const error = await registryErrorOf(invoke({ ordersUrl: ssm('/orders/prod/endpoint'), key: secret('orders/prod/api-key') }, { local }))
    expect(error.failures.map(({ key, code }) => ({ key, code }))).toEqual([
      { key: 'ordersUrl', code: 'LocalRegistryNotFound' },
      { key: 'key', code: 'LocalRegistryNotFound' },
    ])
  })

  it('does not let optional hide a missing file', async () => {
    const local = join(tmpdir(), 'middy-registry-no-such-dir', 'registry.local.json')
    const error = await registryErrorOf(invoke({ ordersUrl: ssm('/orders/prod/endpoint', { optional: true }) }, { local }))
    expect(error.failures[0]?.code).toBe('LocalRegistryNotFound')
  })

  it.each([
    ['text that is not JSON', `{"secrets": {"db/prod": "${SECRET_IN_FILE}"`],
    ['a JSON array', `["${SECRET_IN_FILE}"]`],
    ['"secrets" that is not an object', `{"secrets": ["${SECRET_IN_FILE}"]}`],
    ['"parameters" that is null', `{"parameters": null, "secrets": {"db/prod": "${SECRET_IN_FILE}"}}`],
  ])('fails with LocalRegistryInvalid for %s, never quoting the file', async (_case, text) => {
    const local = writeRegistry(text)
    const error = await registryErrorOf(invoke({ ordersUrl: ssm('/orders/prod/endpoint'), db: secret('db/prod') }, { local }))
    expect(error.failures.map(({ code }) => code)).toEqual(['LocalRegistryInvalid', 'LocalRegistryInvalid'])
    expect(error.failures[0]?.message).toContain(local)
    expect(JSON.stringify({ message: error.message, failures: error.failures, stack: error.stack })).not.toContain(SECRET_IN_FILE)
  })
})

describe('local registry: file edges', () => {
  it('reads a JSON file that starts with a UTF-8 byte-order mark', async () => {
    const local = writeRegistry(`\uFEFF${JSON.stringify({ parameters: { '/orders/prod/endpoint': 'https://orders.example.com' } })}`)
    const context = await invoke({ ordersUrl: ssm('/orders/prod/endpoint') }, { local })
    expect(context.ordersUrl).toBe('https://orders.example.com')
  })

  it('fails every key with LocalRegistryInvalid, naming the entry and the limit, when an entry nests 100,000 levels deep', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    const local = writeRegistry(`{"parameters": {"/orders/prod/endpoint": "url", "/deep": ${deep}}, "secrets": {"db/prod": "${SECRET_IN_FILE}"}}`)
    const error = await registryErrorOf(invoke({ ordersUrl: ssm('/orders/prod/endpoint'), db: secret('db/prod') }, { local }))
    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'ordersUrl',
        code: 'LocalRegistryInvalid',
        message: `the local registry file ${local} is not valid: parameters["/deep"] is nested deeper than 64 levels`,
      }),
      expect.objectContaining({ key: 'db', code: 'LocalRegistryInvalid' }),
    ])
    expect(JSON.stringify(error.failures)).not.toContain(SECRET_IN_FILE)
  })

  it('reads an entry nested 62 levels deep, within the 64 levels of the file', async () => {
    // An object: an array in the file would be a StringList.
    let value: unknown = 'bottom'
    for (let level = 0; level < 62; level++) value = { next: value }
    const local = writeRegistry({ parameters: { '/deep': value } })
    const context = await invoke({ deep: ssm.json('/deep') }, { local })
    expect(context.deep).toEqual(value)
  })
})

describe('local registry: reading and caching', () => {
  it('serves later invocations from the cache until the value expires', async () => {
    const local = writeRegistry({ parameters: { '/orders/prod/endpoint': 'first' } })
    const handler = handlerFor({ ordersUrl: ssm('/orders/prod/endpoint') }, { local })
    expect((await handler()).ordersUrl).toBe('first')
    writeFileSync(local, JSON.stringify({ parameters: { '/orders/prod/endpoint': 'second' } }))
    expect((await handler()).ordersUrl).toBe('first')
  })

  it('reads the file again once a value has expired, so edits show up', async () => {
    const local = writeRegistry({ parameters: { '/orders/prod/endpoint': 'first' } })
    const handler = handlerFor({ ordersUrl: ssm('/orders/prod/endpoint') }, { local, cacheExpiry: 0 })
    expect((await handler()).ordersUrl).toBe('first')
    writeFileSync(local, JSON.stringify({ parameters: { '/orders/prod/endpoint': 'second' } }))
    expect((await handler()).ordersUrl).toBe('second')
  })

  it('keeps serving a value read earlier when the file disappears, within maxStale', async () => {
    const local = writeRegistry({ parameters: { '/orders/prod/endpoint': 'first' } })
    const handler = handlerFor({ ordersUrl: ssm('/orders/prod/endpoint') }, { local, cacheExpiry: 0 })
    await handler()
    rmSync(local)
    expect((await handler()).ordersUrl).toBe('first')
  })

  it('fails once the file is gone and no stale value may be served', async () => {
    const local = writeRegistry({ parameters: { '/orders/prod/endpoint': 'first' } })
    const handler = handlerFor({ ordersUrl: ssm('/orders/prod/endpoint') }, { local, cacheExpiry: 0, maxStale: 0 })
    await handler()
    rmSync(local)
    const error = await registryErrorOf(handler())
    expect(error.failures[0]?.code).toBe('LocalRegistryNotFound')
  })

  it('never loads an AWS SDK module', async () => {
    const local = writeRegistry({
      parameters: { '/orders/prod/endpoint': 'url', '/features/prod/search': 'on' },
      secrets: { 'orders/prod/api-key': 'key', 'db/prod': '{}' },
    })
    const fetch = { url: ssm('/orders/prod/endpoint'), features: ssm.path('/features/prod'), key: secret('orders/prod/api-key'), db: secret.json('db/prod') }
    await invoke(fetch, { local })
    await invoke({ missing: ssm('/nowhere', { optional: true }), gone: secret('nowhere', { optional: true }) }, { local })
    expect(sdkLoads).toEqual([])
  })
})
