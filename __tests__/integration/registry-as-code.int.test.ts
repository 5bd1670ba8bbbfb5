/**
 * The registry as code against moto: `plan`, `apply` and `export` run in-process as a
 * pipeline runs the bin, round trips (apply twice: the second plan is empty; export, then
 * plan the exported file: nothing to change), callers reading what apply wrote, and the
 * same file serving registry({ local }) with the values a caller gets from AWS.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, dynamo, type FetchMap, secret, service, ssm } from '../../src/index.js'
import { cli } from '../unit/cli/fake-io.js'
import { awsClientOptions, motoClients, motoEndpoint, REGION, resetMoto, resolveOnce, withClientOptions } from './helpers.js'

const ORDERS_KEY = 'sk_rac_orders_6f5e4d'
const ROTATED_KEY = 'sk_rac_rotated_1a2b3c'
const DB_SECRET = '{"user":"orders_app","password":"rac-db-9y8x"}'
const DB_PASSWORD = 'rac-password-7w6v'
const SECRETS = [ORDERS_KEY, ROTATED_KEY, DB_SECRET, DB_PASSWORD, 'rac-db-9y8x']
const ENV = { ORDERS_PROD_API_KEY: ORDERS_KEY, DB_PROD_SECRET: DB_SECRET, DB_PROD_PASSWORD: DB_PASSWORD }

const REGISTRY = `version: 1
stages:
  prod:
    services:
      orders:
        endpoint: https://orders.example.com
        apiKey: { fromEnv: ORDERS_PROD_API_KEY }
        tags: { team: orders }
      billing:
        endpoint: https://billing.example.com
    parameters:
      /features/prod/checkout-v2: 'on'
      /features/prod/search/ranking: ml-v3
      /orders/prod/hosts: [a.example.com, b.example.com]
      /orders/prod/limits: { json: { rps: 200, timeoutMs: 2500 } }
      /orders/prod/db-password: { secure: { fromEnv: DB_PROD_PASSWORD } }
    secrets:
      db/prod: { fromEnv: DB_PROD_SECRET }
  staging:
    services:
      orders: { endpoint: https://orders.staging.example.com }
`

const { ssm: ssmClient, secretsManager } = motoClients()
const dynamoClient = new DynamoDBClient(awsClientOptions())
let directory: string
const path = (name: string) => join(directory, name)
const aws = () => ['--region', REGION, '--aws-endpoint-url', motoEndpoint()]
const run = (argv: string[], env: Record<string, string> = ENV) => cli([...argv, ...aws()], { env })
const plan = (file: string, env?: Record<string, string>) => run(['plan', '--file', file], env)
/** How the CLI names moto, given as --aws-endpoint-url: never as AWS. */
const where = () => `${motoEndpoint()} (not AWS, ${REGION})`
const apply = (file: string, env?: Record<string, string>) => run(['apply', '--file', file], env)

/** No secret appears in anything the CLI printed. */
function expectNoSecret(...outputs: string[]): void {
  for (const output of outputs) for (const value of SECRETS) expect(output).not.toContain(value)
}

const parameterOf = async (Name: string) => (await ssmClient.send(new GetParameterCommand({ Name, WithDecryption: true }))).Parameter!
const revealed = (value: unknown) => ({ endpoint: (value as { endpoint: string }).endpoint, apiKey: (value as { apiKey?: string }).apiKey })

// The SDK reads credentials from the process environment; the CLI's injected env is for its own lookups.
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY }
beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'testing'
  process.env.AWS_SECRET_ACCESS_KEY = 'testing'
  directory = await mkdtemp(join(tmpdir(), 'middy-registry-rac-'))
  await resetMoto()
})
afterAll(async () => {
  for (const [name, value] of [
    ['AWS_ACCESS_KEY_ID', saved.id],
    ['AWS_SECRET_ACCESS_KEY', saved.secret],
  ] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await rm(directory, { recursive: true, force: true })
})
beforeEach(() => clearRegistryCache())

describe('plan and apply against AWS (moto)', () => {
  let file: string
  beforeAll(async () => {
    file = path('registry.yaml')
    await writeFile(file, REGISTRY)
  })

  it('plans every entry as new, then applies them with their versions; applied twice, the second plan is empty', async () => {
    const first = await plan(file)
    expect(first.code).toBe(2)
    expect(first.stdout).toContain('10 to create.')
    const applied = await apply(file)
    expect(applied.code).toBe(0)
    expect(applied.stdout).toMatch(/created {2}secret orders\/prod\/api-key \(prod\) {2}version [\w-]+\n/)
    expect(applied.stdout).toContain('created  parameter /orders/prod/endpoint (prod)  version 1\n')
    expect(applied.stdout).toContain('10 applied, 0 unchanged.')
    const again = await apply(file)
    expect(again).toMatchObject({ code: 0, stdout: `Nothing to apply: ${where()} already holds what ${file} says (10 entries unchanged).\n` })
    const last = await plan(file)
    expect(last.code).toBe(0)
    expect(last.stdout).toContain('No changes: AWS already holds what the file says (10 entries).')
    expectNoSecret(first.stdout, applied.stdout, again.stdout, last.stdout, first.stderr, applied.stderr)
  })

  it('says it plans and applies against the emulator, not AWS', async () => {
    const { stdout } = await plan(file)
    expect(stdout.split('\n')[0]).toBe(`Plan for ${file} against ${where()}:`)
  })

  it('writes what a caller’s registry() reads, of every type', async () => {
    const values = await resolveOnce({
      ...withClientOptions(),
      stage: 'prod',
      fetch: {
        orders: service('orders'),
        hosts: ssm.list('/orders/prod/hosts'),
        limits: ssm.json<{ rps: number }>('/orders/prod/limits'),
        features: ssm.path('/features/prod'),
        password: ssm('/orders/prod/db-password'),
        db: secret.json<{ user: string }>('db/prod'),
      },
    })
    expect(revealed(values.orders)).toEqual({ endpoint: 'https://orders.example.com', apiKey: ORDERS_KEY })
    expect(values).toMatchObject({
      hosts: ['a.example.com', 'b.example.com'],
      limits: { rps: 200, timeoutMs: 2500 },
      features: { 'checkout-v2': 'on', 'search/ranking': 'ml-v3' },
    })
    expect(values.password).toBe(DB_PASSWORD)
    expect(values.db).toEqual(JSON.parse(DB_SECRET))
    expect((await parameterOf('/orders/prod/db-password')).Type).toBe('SecureString')
    const { TagList } = await ssmClient.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/orders/prod/endpoint' }))
    expect(TagList).toEqual([{ Key: 'team', Value: 'orders' }])
  })

  it('plans an edited endpoint as a new version and a rotated key as a new value, without printing the key', async () => {
    const edited = path('edited.yaml')
    await writeFile(edited, REGISTRY.replace('https://orders.example.com', 'https://orders-v2.example.com').replace('team: orders', 'team: payments'))
    const env = { ...ENV, ORDERS_PROD_API_KEY: ROTATED_KEY }
    const planned = await plan(edited, env)
    expect(planned.code).toBe(2)
    expect(planned.stdout).toContain(
      'update     parameter /orders/prod/endpoint  version 1 → 2  "https://orders.example.com" → "https://orders-v2.example.com"  tags team=orders→payments\n',
    )
    expect(planned.stdout).toContain('update     secret orders/prod/api-key  (new value)  tags team=orders→payments\n')
    const applied = await run(['apply', '--file', edited, '--json'], env)
    expect(applied.code).toBe(0)
    expect(applied.json().applied).toEqual([
      { kind: 'secret', name: 'orders/prod/api-key', stage: 'prod', action: 'update', version: expect.any(String) },
      { kind: 'parameter', name: '/orders/prod/endpoint', stage: 'prod', action: 'update', version: 2 },
    ])
    expect((await parameterOf('/orders/prod/endpoint')).Version).toBe(2)
    expect((await secretsManager.send(new GetSecretValueCommand({ SecretId: 'orders/prod/api-key' }))).SecretString).toBe(ROTATED_KEY)
    expect((await plan(edited, env)).code).toBe(0)
    expectNoSecret(planned.stdout, applied.stdout)
  })

  it('keeps to one stage with --stage', async () => {
    const { code, json } = await run(['plan', '--file', file, '--stage', 'staging', '--json'])
    expect(code).toBe(0)
    expect(json().entries.map(({ name }: { name: string }) => name)).toEqual(['/orders/staging/endpoint'])
  })

  it('writes nothing while a declared secret is missing, and exits 1', async () => {
    const declared = path('declared.yaml')
    await writeFile(
      declared,
      'version: 1\nstages:\n  prod:\n    parameters:\n      /legacy/prod/endpoint: https://legacy.example.com\n    secrets:\n      legacy/prod/api-key: { declared: true }\n',
    )
    const planned = await plan(declared)
    expect(planned.code).toBe(1)
    expect(planned.stdout).toContain('missing    secret legacy/prod/api-key  (the file declares it, and it does not exist)')
    expect((await apply(declared)).code).toBe(1)
    await expect(parameterOf('/legacy/prod/endpoint')).rejects.toMatchObject({ name: 'ParameterNotFound' })
    await secretsManager.send(new CreateSecretCommand({ Name: 'legacy/prod/api-key', SecretString: 'made-elsewhere' }))
    expect((await apply(declared)).code).toBe(0)
    expect((await plan(declared)).code).toBe(0)
  })
})

describe('export against AWS (moto)', () => {
  it('writes a file that plans as unchanged, declaring secrets and holding none of their values', async () => {
    const exported = path('exported.yaml')
    const { code, stdout, stderr } = await run([
      'export',
      '--stage',
      'prod',
      '--file',
      exported,
      '--path',
      '/features/prod',
      '--path',
      '/orders/prod',
      '--secret-prefix',
      'db/',
    ])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toBe(`Exported stage prod from ${where()} to ${exported}: 3 services, 5 parameters, 1 secrets, 0 items.\n`)
    const text = await readFile(exported, 'utf8')
    expectNoSecret(text)
    expect(text).toContain('db/prod:\n        declared: true')
    expect(text).toContain('/orders/prod/db-password:\n        secure:\n          declared: true')
    const planned = await plan(exported, {})
    expect(planned.code).toBe(0)
    expect(planned.stdout).toContain('No changes')
  })
})

describe('a binary secret in the registry file (moto)', () => {
  const CERT = Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02, 0x82, 0x01, 0x01, 0x00, 0xff])
  const FILE = 'version: 1\nstages:\n  prod:\n    secrets:\n      rac/tls-cert: { fromEnv: TLS_CERT, binary: true }\n'

  it('applies its base64 as a SecretBinary, plans it unchanged the second time, and a caller’s secret.binary() reads the bytes', async () => {
    const file = path('binary.yaml')
    await writeFile(file, FILE)
    const env = { TLS_CERT: CERT.toString('base64') }
    expect((await apply(file, env)).code).toBe(0)
    const stored = await secretsManager.send(new GetSecretValueCommand({ SecretId: 'rac/tls-cert' }))
    expect(stored.SecretString).toBeUndefined()
    expect(Buffer.from(stored.SecretBinary!).equals(CERT)).toBe(true)
    const again = await plan(file, env)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('unchanged  secret rac/tls-cert')
    const values = await resolveOnce({ ...withClientOptions(), fetch: { cert: secret.binary('rac/tls-cert') } })
    expect(Buffer.from(values.cert as Uint8Array).equals(CERT)).toBe(true)
  })

  it('plans other bytes as a new value, never printing them', async () => {
    const file = path('binary.yaml')
    const other = Buffer.from([1, 2, 3, 4, 5, 6]).toString('base64')
    const planned = await plan(file, { TLS_CERT: other })
    expect(planned.code).toBe(2)
    expect(planned.stdout).toContain('update     secret rac/tls-cert  (new value)')
    expect(planned.stdout).not.toContain(other)
  })
})

describe('DynamoDB in the registry file (moto)', () => {
  const FILE = `version: 1
convention: { table: rac-services }
stages:
  prod:
    services:
      search:
        endpoint: https://search.example.com
        apiKey: { fromEnv: ORDERS_PROD_API_KEY }
        attributes: { timeoutMs: 1500, regions: [eu-west-1, us-east-1] }
    dynamo:
      rac-flags:
        - { pk: checkout, value: 'on', rollout: { percent: 10 } }
        - { pk: search, value: 'off' }
`
  beforeAll(async () => {
    const create = (TableName: string, keys: string[]) =>
      dynamoClient.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: keys.map((AttributeName, index) => ({ AttributeName, KeyType: index === 0 ? 'HASH' : 'RANGE' })),
          AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        }),
      )
    await create('rac-services', ['service', 'stage'])
    await create('rac-flags', ['pk'])
  })

  it('applies items, plans them unchanged the second time, and a caller’s service() reads them', async () => {
    const file = path('dynamo.yaml')
    await writeFile(file, FILE)
    expect((await plan(file)).stdout).toContain('create     item rac-services {"service":"search","stage":"prod"}')
    expect((await apply(file)).code).toBe(0)
    expect((await plan(file)).code).toBe(0)
    const { Item } = await dynamoClient.send(new GetItemCommand({ TableName: 'rac-flags', Key: { pk: { S: 'checkout' } } }))
    expect(Item).toEqual({ pk: { S: 'checkout' }, value: { S: 'on' }, rollout: { M: { percent: { N: '10' } } } })
    const values = await resolveOnce({
      ...withClientOptions(),
      stage: 'prod',
      convention: { table: 'rac-services' },
      fetch: { search: service('search', { attributes: { timeoutMs: 'json' } }), checkout: dynamo('rac-flags', 'checkout') },
    })
    expect(values.search).toMatchObject({ endpoint: 'https://search.example.com', timeoutMs: 1500 })
    expect(values.checkout).toBe('on')
  })

  it('plans a changed attribute as an update of the item, naming the attribute', async () => {
    const file = path('dynamo-edited.yaml')
    await writeFile(file, FILE.replace('timeoutMs: 1500', 'timeoutMs: 3000'))
    const { code, stdout } = await plan(file)
    expect(code).toBe(2)
    expect(stdout).toContain('update     item rac-services {"service":"search","stage":"prod"}  attributes timeoutMs\n')
  })

  it('exports the services of the table and the items of another, and the export plans unchanged', async () => {
    const exported = path('dynamo-exported.json')
    const { code, stderr } = await run(['export', '--stage', 'prod', '--convention-table', 'rac-services', '--table', 'rac-flags', '--file', exported])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    const content = JSON.parse(await readFile(exported, 'utf8'))
    expect(content.stages.prod.services.search).toEqual({
      endpoint: 'https://search.example.com',
      apiKey: { declared: true },
      attributes: { timeoutMs: 1500, regions: ['eu-west-1', 'us-east-1'] },
    })
    expect(content.stages.prod.dynamo['rac-flags']).toHaveLength(2)
    expect((await plan(exported, {})).code).toBe(0)
  })
})

describe('the same file as the local registry', () => {
  it('gives registry({ local }) the values a caller reads from AWS once the file is applied', async () => {
    const file = path('registry.yaml')
    const fetch = {
      orders: service('orders', { apiKey: false }),
      hosts: ssm.list('/orders/prod/hosts'),
      limits: ssm.json('/orders/prod/limits'),
      features: ssm.path('/features/prod'),
      db: secret.json('db/prod'),
      password: ssm('/orders/prod/db-password'),
    } satisfies FetchMap
    // An earlier test applied an edited copy: the file is applied again, as a pipeline would.
    expect((await apply(file)).code).toBe(0)
    const fromAws = await resolveOnce({ ...withClientOptions(), stage: 'prod', fetch })
    clearRegistryCache()
    // Offline, secrets come from the variables the file names, as they did for apply.
    Object.assign(process.env, ENV)
    try {
      const fromFile = await resolveOnce({ prefetch: false, local: file, stage: 'prod', fetch })
      expect(fromFile).toEqual(fromAws)
    } finally {
      for (const name of Object.keys(ENV)) delete process.env[name]
    }
  })
})
