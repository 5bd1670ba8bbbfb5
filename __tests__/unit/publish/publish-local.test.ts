import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, registry, service } from '../../../src/index.js'
import { PublishError, publishService } from '../../../src/write/publish/index.js'
import { invoke, testOptions } from '../helpers.js'
import { tempDirectory } from './temp-file.js'

const KEY = 'local-key-0a1b2c'
let directory: Awaited<ReturnType<typeof tempDirectory>>
let file: string

const readJson = async () => JSON.parse(await readFile(file, 'utf8'))
const publish = (options: Partial<Parameters<typeof publishService>[0]> = {}) =>
  publishService({ service: 'orders', stage: 'dev', endpoint: 'https://orders.dev.example', local: file, ...options })

beforeEach(async () => {
  clearRegistryCache()
  directory = await tempDirectory()
  file = directory.path('registry.local.json')
})
afterEach(() => directory.remove())

describe('publishing to a local registry file', () => {
  it('creates the file, readable by its owner only, with the convention’s names', async () => {
    await publish({ apiKey: KEY })
    expect(await readJson()).toEqual({
      parameters: { '/orders/dev/endpoint': 'https://orders.dev.example' },
      secrets: { 'orders/dev/api-key': KEY },
      published: { parameters: { '/orders/dev/endpoint': { version: 1 } }, secrets: { 'orders/dev/api-key': { version: 1 } } },
    })
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it('counts versions per entry, as SSM and Secrets Manager would', async () => {
    const first = await publish({ apiKey: KEY })
    const second = await publish({ endpoint: 'https://orders-v2.dev.example', apiKey: 'rotated-key' })
    expect([first.endpoint.version, first.apiKey]).toEqual([1, { secretId: 'orders/dev/api-key', versionId: 'local-1', created: true }])
    expect([second.endpoint.version, second.apiKey]).toEqual([2, { secretId: 'orders/dev/api-key', versionId: 'local-2', created: false }])
    expect(second.target).toBe('local')
  })

  it('keeps every other entry and member of the file, and its permissions', async () => {
    await writeFile(
      file,
      JSON.stringify({
        $comment: 'dev values',
        parameters: { '/orders/dev/endpoint': 'https://old.example', '/billing/dev/endpoint': 'https://billing.example' },
        secrets: { 'db/dev': { user: 'u' } },
      }),
    )
    await chmod(file, 0o640)
    const result = await publish()
    const written = await readJson()
    expect(written.$comment).toBe('dev values')
    expect(written.parameters).toEqual({ '/orders/dev/endpoint': 'https://orders.dev.example', '/billing/dev/endpoint': 'https://billing.example' })
    expect(written.secrets).toEqual({ 'db/dev': { user: 'u' } })
    // A value already in the file counts as its version 1.
    expect(result.endpoint.version).toBe(2)
    expect((await stat(file)).mode & 0o777).toBe(0o640)
  })

  it('merges tags into the entries’ records, as AddTagsToResource does', async () => {
    await publish({ apiKey: KEY, tags: { team: 'payments', commit: 'a1' } })
    await publish({ tags: { commit: 'b2' } })
    const { published } = await readJson()
    expect(published.parameters['/orders/dev/endpoint']).toEqual({ version: 2, tags: { team: 'payments', commit: 'b2' } })
    expect(published.secrets['orders/dev/api-key']).toEqual({ version: 1, tags: { team: 'payments', commit: 'a1' } })
  })

  it('replaces the file by rename, leaving no temporary file behind', async () => {
    await publish()
    const before = (await stat(file)).ino
    await publish({ endpoint: 'https://orders-v2.dev.example' })
    expect((await stat(file)).ino).not.toBe(before)
    expect(await readdir(dirname(file))).toEqual(['registry.local.json'])
  })

  it('loses no update when one process publishes several services at once', async () => {
    await Promise.all(['orders', 'billing', 'search', 'users'].map((name) => publish({ service: name, endpoint: `https://${name}.dev.example` })))
    expect(Object.keys((await readJson()).parameters).sort()).toEqual([
      '/billing/dev/endpoint',
      '/orders/dev/endpoint',
      '/search/dev/endpoint',
      '/users/dev/endpoint',
    ])
  })

  it('refuses a file that is not JSON without touching it or quoting it', async () => {
    await writeFile(file, `{ "secrets": { "db": "${KEY}" `)
    const error = await publish().catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(PublishError)
    expect((error as PublishError).code).toBe('LocalRegistryInvalid')
    expect((error as Error).message).not.toContain(KEY)
    expect(await readFile(file, 'utf8')).toBe(`{ "secrets": { "db": "${KEY}" `)
  })

  it('updates a file that starts with a UTF-8 byte-order mark', async () => {
    await writeFile(file, `\uFEFF${JSON.stringify({ parameters: { '/billing/dev/endpoint': 'https://billing.example' } })}`)
    await publish()
    expect((await readJson()).parameters).toEqual({ '/billing/dev/endpoint': 'https://billing.example', '/orders/dev/endpoint': 'https://orders.dev.example' })
  })

  it('refuses a file nested 100,000 levels deep, naming the entry, without touching it', async () => {
    const text = `{"parameters": {"/deep": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`
    await writeFile(file, text)
    const error = await publish().catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(PublishError)
    expect((error as PublishError).code).toBe('LocalRegistryInvalid')
    expect((error as Error).message).toContain('the local registry file is not valid: parameters["/deep"] is nested deeper than 64 levels')
    expect(await readFile(file, 'utf8')).toBe(text)
  })

  it('publishes an entry named "__proto__", a name AWS allows, as an entry', async () => {
    await publish({ convention: { endpoint: '{service}', apiKey: '{service}/{stage}/api-key' }, service: '__proto__' })
    expect(Object.hasOwn((await readJson()).parameters, '__proto__')).toBe(true)
  })

  it('is what registry({ local }) reads: a service() round trip', async () => {
    await publish({ apiKey: KEY })
    const context = await invoke(registry({ fetch: { orders: service('orders') }, stage: 'dev', ...testOptions(), local: file }))
    expect({ endpoint: context.orders.endpoint, apiKey: context.orders.apiKey }).toEqual({ endpoint: 'https://orders.dev.example', apiKey: KEY })
  })
})
