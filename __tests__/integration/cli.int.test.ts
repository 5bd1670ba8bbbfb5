/**
 * The `middy-registry` CLI against moto and against a local registry file, run in-process
 * as a deploy pipeline would run the bin: exit codes, what it prints, what it writes, and
 * a caller's service() finding what it published.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetParameterCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, service } from '../../src/index.js'
import { cli } from '../unit/cli/fake-io.js'
import { motoClients, motoEndpoint, REGION, resetMoto, resolveOnce, withClientOptions } from './helpers.js'

const KEY = 'sk_moto_7e6d5c4b3a'
const { ssm } = motoClients()
const revealed = (value: unknown) => ({ endpoint: (value as { endpoint: string }).endpoint, apiKey: (value as { apiKey?: string }).apiKey })

// The SDK reads credentials from the process environment; the CLI's injected env is for its own lookups.
const savedCredentials = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY }
beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'testing'
  process.env.AWS_SECRET_ACCESS_KEY = 'testing'
  await resetMoto()
})
afterAll(() => {
  for (const [name, value] of [
    ['AWS_ACCESS_KEY_ID', savedCredentials.id],
    ['AWS_SECRET_ACCESS_KEY', savedCredentials.secret],
  ] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})
beforeEach(() => clearRegistryCache())

describe('the CLI against AWS (moto)', () => {
  const aws = () => ['--region', REGION, '--aws-endpoint-url', motoEndpoint()]
  const env = { ORDERS_KEY: KEY, ROTATED_KEY: 'sk_moto_rotated' }
  const run = (...argv: string[]) => cli([...argv, ...aws()], { env })
  const orders = ['--service', 'orders', '--stage', 'prod']

  beforeAll(async () => {
    const published = await run('publish', ...orders, '--endpoint', 'https://orders.prod.example', '--api-key-from-env', 'ORDERS_KEY', '--tag', 'team=payments')
    expect(published).toMatchObject({ code: 0, stderr: '' })
    await run('publish', '--service', 'billing', '--stage', 'prod', '--endpoint', 'https://billing.prod.example')
    await run('publish', '--service', 'billing', '--stage', 'staging', '--endpoint', 'https://billing.staging.example')
  })

  it('publish prints the new versions, and a caller’s service() finds them', async () => {
    const { code, json } = await run('publish', ...orders, '--endpoint', 'https://orders.prod.example', '--api-key-from-env', 'ORDERS_KEY', '--json')
    expect(code).toBe(0)
    expect(json()).toMatchObject({
      target: 'aws',
      endpoint: { name: '/orders/prod/endpoint', version: 2 },
      apiKey: { secretId: 'orders/prod/api-key', created: false },
    })
    const values = await resolveOnce({ ...withClientOptions(), stage: 'prod', fetch: { orders: service('orders') } })
    expect(revealed(values.orders)).toEqual({ endpoint: 'https://orders.prod.example', apiKey: KEY })
  })

  it('publish says it wrote to the emulator, not to AWS', async () => {
    const { json } = await run('publish', '--service', 'billing', '--stage', 'prod', '--endpoint', 'https://billing.prod.example', '--json')
    expect(json().source).toBe(`${motoEndpoint()} (not AWS, ${REGION})`)
  })

  it('publish tags the parameter', async () => {
    const { TagList } = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/orders/prod/endpoint' }))
    expect(TagList).toEqual([{ Key: 'team', Value: 'payments' }])
  })

  it('publish exits 65 for a plain-http endpoint and writes nothing', async () => {
    const { code, stderr } = await run('publish', '--service', 'legacy', '--stage', 'prod', '--endpoint', 'http://legacy.prod.example')
    expect(code).toBe(65)
    expect(stderr).toContain('must be an https URL')
    await expect(ssm.send(new GetParameterCommand({ Name: '/legacy/prod/endpoint' }))).rejects.toMatchObject({ name: 'ParameterNotFound' })
  })

  it('publish exits 1 when AWS refuses the write, saying what was written and never printing the key', async () => {
    // SSM reserves names under /aws for AWS itself.
    const reserved = ['--service', 'reserved', '--stage', 'prod', '--convention-endpoint', '/aws/{service}/{stage}/endpoint']
    const { code, stdout, stderr } = await run('publish', ...reserved, '--endpoint', 'https://reserved.prod.example', '--api-key-from-env', 'ORDERS_KEY')
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' })
    expect(stderr).toMatch(
      /^middy-registry: ssm:PutParameter on \/aws\/reserved\/prod\/endpoint failed: AccessDeniedException: .*\(the API key was written as version [\w-]+; publishing again completes it\)\n$/,
    )
    expect(stderr).not.toContain(KEY)
  })

  it('get prints the endpoint and the masked key with their versions', async () => {
    const { code, stdout } = await run('get', ...orders)
    expect(code).toBe(0)
    expect(stdout).toMatch(/endpoint {2}https:\/\/orders\.prod\.example {2}\(\/orders\/prod\/endpoint, version \d+\)/)
    expect(stdout).toContain(`**** (${KEY.length} characters)`)
    expect(stdout).not.toContain(KEY)
    expect((await run('get', ...orders, '--show-secrets', '--json')).json().apiKey.value).toBe(KEY)
  })

  it('get exits 1 for a service that was never published', async () => {
    expect((await run('get', '--service', 'ghost', '--stage', 'prod')).code).toBe(1)
  })

  it('list shows every service of the stage and no other stage', async () => {
    const { code, json } = await run('list', '--stage', 'prod', '--json')
    expect(code).toBe(0)
    expect(json().services.map(({ service, endpoint }: { service: string; endpoint: string }) => `${service} ${endpoint}`)).toEqual([
      'billing https://billing.prod.example',
      'orders https://orders.prod.example',
    ])
  })

  it('diff exits 0 when nothing would change, 2 when the endpoint or key would', async () => {
    expect((await run('diff', ...orders, '--endpoint', 'https://orders.prod.example', '--api-key-from-env', 'ORDERS_KEY', '--tag', 'team=payments')).code).toBe(
      0,
    )
    const moved = await run('diff', ...orders, '--endpoint', 'https://orders-v2.prod.example')
    expect(moved.code).toBe(2)
    expect(moved.stdout).toContain('https://orders.prod.example → https://orders-v2.prod.example')
    const rotated = await run('diff', ...orders, '--endpoint', 'https://orders.prod.example', '--api-key-from-env', 'ROTATED_KEY')
    expect(rotated.code).toBe(2)
    expect(rotated.stdout).toContain('api key   would change')
    expect(rotated.stdout).not.toMatch(/sk_moto/)
  })
})

describe('the CLI against a local registry file', () => {
  let directory: string
  let local: string
  const run = (...argv: string[]) => cli([...argv, '--local', local], { env: { ORDERS_KEY: KEY } })
  const orders = ['--service', 'orders', '--stage', 'dev']

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'middy-registry-cli-'))
    local = join(directory, 'registry.local.json')
  })
  afterAll(() => rm(directory, { recursive: true, force: true }))

  it('publishes, gets, lists and diffs, and a caller with local: FILE finds the service', async () => {
    expect((await run('publish', ...orders, '--endpoint', 'http://localhost:3000', '--allow-insecure', '--api-key-from-env', 'ORDERS_KEY')).code).toBe(0)
    expect((await run('get', ...orders, '--json')).json()).toMatchObject({
      endpoint: { value: 'http://localhost:3000', version: 1 },
      apiKey: { value: '****', length: KEY.length },
    })
    expect((await run('list', '--stage', 'dev', '--json')).json().services).toEqual([
      { service: 'orders', name: '/orders/dev/endpoint', endpoint: 'http://localhost:3000', version: 1 },
    ])
    expect((await run('diff', ...orders, '--endpoint', 'http://localhost:3000', '--allow-insecure')).code).toBe(0)
    expect((await run('diff', ...orders, '--endpoint', 'http://localhost:4000', '--allow-insecure')).code).toBe(2)
    const values = await resolveOnce({ prefetch: false, local, stage: 'dev', fetch: { orders: service('orders') } })
    expect(revealed(values.orders)).toEqual({ endpoint: 'http://localhost:3000', apiKey: KEY })
  })
})
