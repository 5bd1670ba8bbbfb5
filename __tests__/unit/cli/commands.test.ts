import { readFile, writeFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { tempDirectory } from '../publish/temp-file.js'
import { cli } from './fake-io.js'

const KEY = 'sk_live_4f9a8b7c6d5e'
let directory: Awaited<ReturnType<typeof tempDirectory>>
let local: string
const at = (...argv: string[]) => [...argv, '--local', local]
const publishOrders = (...extra: string[]) =>
  cli(at('publish', '--service', 'orders', '--stage', 'dev', '--endpoint', 'https://orders.dev.example', ...extra), { env: { KEY } })

beforeEach(async () => {
  directory = await tempDirectory()
  local = directory.path('registry.json')
})
afterEach(() => directory.remove())

describe('middy-registry publish', () => {
  it('prints the versions it wrote', async () => {
    const { code, stdout, stderr } = await publishOrders('--api-key-from-env', 'KEY')
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toBe(
      [
        `Published orders (dev) in ${local}:`,
        '  endpoint  /orders/dev/endpoint  version 1',
        '  api key   orders/dev/api-key  version local-1  (created)',
        '',
      ].join('\n'),
    )
  })

  it('prints the result as JSON with --json', async () => {
    await publishOrders()
    const { code, json } = await publishOrders('--json', '--tag', 'team=payments')
    expect(code).toBe(0)
    expect(json()).toEqual({
      service: 'orders',
      stage: 'dev',
      target: 'local',
      source: `local registry file ${local}`,
      endpoint: { name: '/orders/dev/endpoint', version: 2 },
    })
  })

  it('keeps a tag whose key is "__proto__", a key AWS allows', async () => {
    const { code } = await publishOrders('--tag', '__proto__=kept')
    expect(code).toBe(0)
    const { published } = JSON.parse(await readFile(local, 'utf8')) as { published: { parameters: Record<string, { tags: object }> } }
    expect(Object.entries(published.parameters['/orders/dev/endpoint']!.tags)).toEqual([['__proto__', 'kept']])
  })

  it('exits 65 for an endpoint that is not https, and writes nothing', async () => {
    const { code, stderr } = await cli(at('publish', '--service', 'orders', '--stage', 'dev', '--endpoint', 'http://orders.dev.example'))
    expect(code).toBe(65)
    expect(stderr).toContain('must be an https URL, not http:; pass allowInsecure: true (CLI: --allow-insecure)')
    await expect(readFile(local)).rejects.toThrow('ENOENT')
  })

  it('publishes a plain-http endpoint with --allow-insecure', async () => {
    const { code } = await cli(at('publish', '--service', 'orders', '--stage', 'dev', '--endpoint', 'http://localhost:3000', '--allow-insecure'))
    expect(code).toBe(0)
  })

  it('takes the stage from MIDDY_REGISTRY_STAGE', async () => {
    const { code, stdout } = await cli(at('publish', '--service', 'orders', '--endpoint', 'https://orders.dev.example'), {
      env: { MIDDY_REGISTRY_STAGE: 'qa' },
    })
    expect(code).toBe(0)
    expect(stdout).toContain('/orders/qa/endpoint')
  })

  it('exits 1 when the registry cannot be written', async () => {
    await writeFile(local, 'not json')
    const { code, stderr } = await publishOrders()
    expect(code).toBe(1)
    expect(stderr).toBe(`middy-registry: read ${local} failed: LocalRegistryInvalid: the local registry file is not valid JSON\n`)
  })
})

describe('middy-registry get', () => {
  beforeEach(() => publishOrders('--api-key-from-env', 'KEY'))

  it('prints the entries with the API key masked', async () => {
    const { code, stdout } = await cli(at('get', '--service', 'orders', '--stage', 'dev'))
    expect(code).toBe(0)
    expect(stdout).toContain('endpoint  https://orders.dev.example  (/orders/dev/endpoint, version 1)')
    expect(stdout).toContain('api key   **** (20 characters)  (orders/dev/api-key, version local-1)')
    expect(stdout).not.toContain(KEY)
  })

  it('masks the key in JSON too', async () => {
    const { json } = await cli(at('get', '--service', 'orders', '--stage', 'dev', '--json'))
    expect(json().apiKey).toEqual({ secretId: 'orders/dev/api-key', value: '****', length: 20, versionId: 'local-1' })
  })

  it('prints the key itself with --show-secrets', async () => {
    const { stdout, json } = await cli(at('get', '--service', 'orders', '--stage', 'dev', '--show-secrets', '--json'))
    expect(stdout).toContain(KEY)
    expect(json().apiKey.value).toBe(KEY)
  })

  it('exits 1 for a service that is not published', async () => {
    const { code, stderr } = await cli(at('get', '--service', 'billing', '--stage', 'dev'))
    expect(code).toBe(1)
    expect(stderr).toBe(`middy-registry: billing (dev) is not published: no parameter /billing/dev/endpoint in local registry file ${local}\n`)
  })
})

describe('masking what the CLI read never garbles other text', () => {
  it('leaves a name that holds the key inside a longer word as it is', async () => {
    // A key published elsewhere, which the CLI reads: a word of the service's own name.
    await writeFile(local, JSON.stringify({ parameters: {}, secrets: { 'checkout-v2/dev/api-key': 'checkout' } }))
    const { code, stderr } = await cli(at('get', '--service', 'checkout-v2', '--stage', 'dev'))
    expect(code).toBe(1)
    expect(stderr).toBe(`middy-registry: checkout-v2 (dev) is not published: no parameter /checkout-v2/dev/endpoint in local registry file ${local}\n`)
  })
})

describe('middy-registry list', () => {
  it('lists every service of the stage, and only that stage', async () => {
    await publishOrders()
    await cli(at('publish', '--service', 'billing', '--stage', 'dev', '--endpoint', 'https://billing.dev.example'))
    await cli(at('publish', '--service', 'search', '--stage', 'prod', '--endpoint', 'https://search.example'))
    const { code, stdout } = await cli(at('list', '--stage', 'dev'))
    expect(code).toBe(0)
    expect(stdout).toBe(
      [
        `Services of stage dev in local registry file ${local}:`,
        '  billing  https://billing.dev.example  (version 1)',
        '  orders   https://orders.dev.example  (version 1)',
        '',
      ].join('\n'),
    )
  })

  it('says so on stderr when the stage has no services, and gives no services with --json', async () => {
    expect(await cli(at('list', '--stage', 'dev'))).toMatchObject({
      code: 0,
      stdout: '',
      stderr: `no services are published under stage dev in local registry file ${local}\n`,
    })
    expect((await cli(at('list', '--stage', 'dev', '--json'))).json()).toEqual({ source: `local registry file ${local}`, stage: 'dev', services: [] })
  })

  it('lists by a custom endpoint template', async () => {
    await cli(at('publish', '--service', 'orders', '--stage', 'dev', '--endpoint', 'https://o.example', '--convention-endpoint', '/registry/{stage}/{service}'))
    const { json } = await cli(at('list', '--stage', 'dev', '--convention-endpoint', '/registry/{stage}/{service}', '--json'))
    expect(json().services).toEqual([{ service: 'orders', name: '/registry/dev/orders', endpoint: 'https://o.example', version: 1 }])
  })

  it('exits 65 for a template it cannot list', async () => {
    expect((await cli(at('list', '--stage', 'dev', '--convention-endpoint', '{service}-{stage}'))).code).toBe(65)
  })
})

describe('middy-registry diff', () => {
  beforeEach(() => publishOrders('--api-key-from-env', 'KEY', '--tag', 'team=payments'))
  const diff = (...extra: string[]) => cli(at('diff', '--service', 'orders', '--stage', 'dev', ...extra), { env: { KEY, NEW_KEY: 'rotated-key-1' } })

  it('exits 0 when a publish would change nothing', async () => {
    const { code, stdout } = await diff('--endpoint', 'https://orders.dev.example', '--api-key-from-env', 'KEY', '--tag', 'team=payments')
    expect(code).toBe(0)
    expect(stdout).toContain('no changes')
  })

  it('exits 2 and shows the endpoint old → new when it would change', async () => {
    const { code, stdout } = await diff('--endpoint', 'https://orders-v2.dev.example')
    expect(code).toBe(2)
    expect(stdout).toContain('endpoint  https://orders.dev.example → https://orders-v2.dev.example  (/orders/dev/endpoint)')
  })

  it('says the key would change without printing either key', async () => {
    const { code, stdout, stderr } = await diff('--endpoint', 'https://orders.dev.example', '--api-key-from-env', 'NEW_KEY')
    expect(code).toBe(2)
    expect(stdout).toContain('api key   would change  (orders/dev/api-key)')
    expect(stdout + stderr).not.toMatch(/rotated-key-1|sk_live/)
  })

  it('shows tag changes', async () => {
    const { code, stdout } = await diff('--endpoint', 'https://orders.dev.example', '--tag', 'team=search')
    expect(code).toBe(2)
    expect(stdout).toContain('tag team  payments → search')
  })

  it('gives the plan as JSON, and exits 65 on what publish would refuse', async () => {
    const { json } = await diff('--endpoint', 'https://orders-v2.dev.example', '--json')
    expect(json()).toMatchObject({ changed: true, endpoint: { from: 'https://orders.dev.example', to: 'https://orders-v2.dev.example' } })
    expect((await diff('--endpoint', 'http://orders.dev.example')).code).toBe(65)
  })
})
