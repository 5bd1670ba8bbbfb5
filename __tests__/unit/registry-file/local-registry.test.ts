/**
 * The registry file as the local registry: registry({ local }) reads the same file that
 * plan and apply write to AWS, by its convention, with secrets from the environment.
 */

import { writeFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, dynamo, type FetchMap, RegistryError, registry, secret, service, ssm } from '../../../src/index.js'
import { invoke } from '../helpers.js'
import { tempDirectory } from '../publish/temp-file.js'

const YAML = `version: 1
stages:
  prod:
    services:
      orders:
        endpoint: https://orders.example.com
        apiKey: { fromEnv: TEST_ORDERS_KEY }
    parameters:
      /features/prod/checkout-v2: on
      /features/prod/search/ranking: ml-v3
      /orders/prod/hosts: [a.example.com, b.example.com]
      /orders/prod/limits: { json: { rps: 200 } }
      /orders/prod/db-password: { secure: { declared: true, localEnv: TEST_DB_PASSWORD } }
    secrets:
      db/prod: { fromEnv: TEST_DB_SECRET }
      legacy/prod: { declared: true }
  dev:
    services:
      orders: { endpoint: 'http://localhost:3000', allowInsecure: true }
`

let directory: Awaited<ReturnType<typeof tempDirectory>>
const VARIABLES = ['TEST_ORDERS_KEY', 'TEST_DB_SECRET', 'TEST_DB_PASSWORD', 'TEST_TLS_CERT']

async function fileWith(name: string, text: string): Promise<string> {
  const path = directory.path(name)
  await writeFile(path, text)
  return path
}

const read = <const F extends FetchMap>(local: string, fetch: F, stage = 'prod') => invoke(registry({ fetch, local, stage, prefetch: false }))

async function failureOf(reading: Promise<unknown>): Promise<RegistryError> {
  const error = await reading.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof RegistryError)) throw new Error(`expected a RegistryError, got ${String(error)}`)
  return error
}

beforeEach(async () => {
  clearRegistryCache()
  directory = await tempDirectory()
  process.env.TEST_ORDERS_KEY = 'local-orders-key'
  process.env.TEST_DB_SECRET = '{"user":"app","password":"local-only"}'
})
afterEach(async () => {
  for (const name of VARIABLES) delete process.env[name]
  await directory.remove()
})

describe('a registry file read as the local registry', () => {
  it('gives services by the convention, and parameters of every type, from YAML', async () => {
    const local = await fileWith('registry.yaml', YAML)
    const context = await read(local, {
      orders: service('orders'),
      features: ssm.path('/features/prod'),
      hosts: ssm.list('/orders/prod/hosts'),
      limits: ssm.json<{ rps: number }>('/orders/prod/limits'),
    })
    expect({ endpoint: context.orders.endpoint, apiKey: context.orders.apiKey }).toEqual({ endpoint: 'https://orders.example.com', apiKey: 'local-orders-key' })
    expect(context.features).toEqual({ 'checkout-v2': 'on', 'search/ranking': 'ml-v3' })
    expect(context.hosts).toEqual(['a.example.com', 'b.example.com'])
    expect(context.limits).toEqual({ rps: 200 })
  })

  it('gives each stage its own services', async () => {
    const local = await fileWith('registry.yaml', YAML)
    expect((await read(local, { orders: service('orders', { apiKey: false }) }, 'dev')).orders.endpoint).toBe('http://localhost:3000')
  })

  it('reads a secret’s value from its variable when it is read, not when the file is written', async () => {
    const local = await fileWith('registry.json', JSON.stringify({ version: 1, stages: { prod: { secrets: { 'db/prod': { fromEnv: 'TEST_DB_SECRET' } } } } }))
    expect((await read(local, { db: secret.json<{ user: string }>('db/prod') })).db).toEqual({ user: 'app', password: 'local-only' })
    clearRegistryCache()
    process.env.TEST_DB_SECRET = '{"user":"rotated"}'
    expect((await read(local, { db: secret.json<{ user: string }>('db/prod') })).db).toEqual({ user: 'rotated' })
  })

  it('finds a secret whose variable is unset, or a declared one, not found', async () => {
    delete process.env.TEST_DB_SECRET
    const local = await fileWith('registry.yaml', YAML)
    const error = await failureOf(read(local, { db: secret('db/prod'), legacy: secret('legacy/prod') }))
    expect(error.failures.map(({ key, code }) => `${key} ${code}`)).toEqual(['db ResourceNotFoundException', 'legacy ResourceNotFoundException'])
    expect((await read(local, { legacy: secret('legacy/prod', { optional: true }) })).legacy).toBeUndefined()
  })

  it('gives a declared SecureString the value of its localEnv variable, when set', async () => {
    const local = await fileWith('registry.yaml', YAML)
    await expect(read(local, { password: ssm('/orders/prod/db-password') })).rejects.toThrow(RegistryError)
    clearRegistryCache()
    process.env.TEST_DB_PASSWORD = 'local-password'
    expect((await read(local, { password: ssm('/orders/prod/db-password') })).password).toBe('local-password')
  })

  it('gives a service under a DynamoDB convention from its item, with its attributes', async () => {
    const text = JSON.stringify({
      version: 1,
      convention: { table: 'registry' },
      stages: {
        prod: {
          services: { orders: { endpoint: 'https://orders.example.com', attributes: { timeoutMs: 2500 } } },
          dynamo: { flags: [{ pk: 'checkout', value: 'on' }] },
        },
      },
    })
    const local = await fileWith('registry.json', text)
    const convention = { table: 'registry' }
    const context = await invoke(
      registry({
        fetch: { orders: service('orders', { apiKey: false, attributes: { timeoutMs: 'json' } }), checkout: dynamo('flags', 'checkout') },
        local,
        stage: 'prod',
        convention,
        prefetch: false,
      }),
    )
    expect(context.orders).toEqual({ endpoint: 'https://orders.example.com', timeoutMs: 2500 })
    expect(context.checkout).toBe('on')
  })

  it('fails every key with LocalRegistryInvalid for an invalid file, naming the place and never a value', async () => {
    const local = await fileWith('registry.yaml', YAML.replace('db/prod: { fromEnv: TEST_DB_SECRET }', 'db/prod: "pa55word-in-file"'))
    const error = await failureOf(read(local, { orders: service('orders') }))
    expect(error.failures.map(({ code }) => code)).toEqual(['LocalRegistryInvalid', 'LocalRegistryInvalid'])
    expect(error.failures[0]!.message).toBe(
      `the local registry file ${local} is not a valid registry file: stages.prod.secrets["db/prod"] must be { fromEnv: VARIABLE }, { prompt: true } or { declared: true }, got a string of 16 characters: a secret's value never goes in the file`,
    )
    expect(JSON.stringify(error)).not.toContain('pa55word')
  })

  it('fails with the line and column of a YAML syntax error, never the text', async () => {
    const local = await fileWith('registry.yml', 'version: 1\nstages: [secret-text\n')
    const error = await failureOf(read(local, { flag: ssm('/features/prod/checkout-v2') }))
    expect(error.failures[0]!.message).toMatch(/^the local registry file .* is not valid YAML \(line \d+, column \d+\)$/)
    expect(error.failures[0]!.message).not.toContain('secret-text')
  })

  it('still reads the flat format, as JSON or YAML', async () => {
    const local = await fileWith('flat.yaml', 'parameters:\n  /a/b: c\n')
    expect((await read(local, { value: ssm('/a/b') })).value).toBe('c')
  })
})

describe('edges of a registry file read as the local registry', () => {
  it('reads a YAML file that starts with a UTF-8 byte-order mark', async () => {
    const local = await fileWith('registry.yaml', `\uFEFF${YAML}`)
    expect((await read(local, { flag: ssm('/features/prod/checkout-v2') })).flag).toBe('on')
  })

  it('reads a JSON registry file that starts with a UTF-8 byte-order mark', async () => {
    const local = await fileWith('registry.json', `\uFEFF${JSON.stringify({ version: 1, stages: { prod: { parameters: { '/a/b': 'c' } } } })}`)
    expect((await read(local, { value: ssm('/a/b') })).value).toBe('c')
  })

  it('fails every key with LocalRegistryInvalid, naming the entry and the limit, for YAML nested 100,000 levels deep', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    const local = await fileWith('flat.yaml', `parameters:\n  /a/b: c\n  /deep: ${deep}\n`)
    const error = await failureOf(read(local, { value: ssm('/a/b'), other: ssm('/a/c') }))
    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'LocalRegistryInvalid', message: `the local registry file ${local} is not valid: parameters["/deep"] is nested deeper than 64 levels` },
      { code: 'LocalRegistryInvalid', message: `the local registry file ${local} is not valid: parameters["/deep"] is nested deeper than 64 levels` },
    ])
  })

  it('names the stage and entry of a registry file nested too deeply', async () => {
    const deep = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`
    const local = await fileWith('registry.json', `{"version": 1, "stages": {"prod": {"parameters": {"/deep": {"json": ${deep}}}}}}`)
    const error = await failureOf(read(local, { value: ssm('/deep') }))
    expect(error.failures[0]!.message).toBe(`the local registry file ${local} is not valid: stages.prod.parameters["/deep"] is nested deeper than 64 levels`)
  })

  it('keeps a parameter and a stage named "__proto__", names AWS allows', async () => {
    const local = await fileWith('registry.json', '{"version": 1, "stages": {"__proto__": {"parameters": {"__proto__": "kept"}}}}')
    expect((await read(local, { value: ssm('__proto__') }, '__proto__')).value).toBe('kept')
  })
})

describe('the flat local target of publish, given a registry file', () => {
  it('refuses to write into it, rather than adding entries nobody reads', async () => {
    const { cli } = await import('../cli/fake-io.js')
    const local = await fileWith('registry.json', JSON.stringify({ version: 1, stages: {} }))
    const { code, stderr } = await cli(['publish', '--service', 'orders', '--stage', 'dev', '--endpoint', 'https://o.example.com', '--local', local])
    expect(code).toBe(1)
    expect(stderr).toBe(
      `middy-registry: read ${local} failed: LocalRegistryInvalid: the local registry file is a registry file (it has "stages"): edit it instead, and write it to AWS with middy-registry apply\n`,
    )
  })
})

describe('a binary secret of a registry file, read as the local registry', () => {
  const CERT = Buffer.from([0x30, 0x82, 0x01, 0x0a, 0xff, 0x00])
  const fileOf = () =>
    fileWith('registry.json', JSON.stringify({ version: 1, stages: { prod: { secrets: { 'tls/cert': { fromEnv: 'TEST_TLS_CERT', binary: true } } } } }))

  it('gives secret.binary() the bytes its variable’s base64 holds, line breaks and all', async () => {
    process.env.TEST_TLS_CERT = `${CERT.toString('base64').slice(0, 4)}\n${CERT.toString('base64').slice(4)}\n`
    const context = await read(await fileOf(), { cert: secret.binary('tls/cert') })
    expect(Buffer.from(context.cert).equals(CERT)).toBe(true)
  })

  it('fails every key with LocalRegistryInvalid when the variable is not valid base64, naming the variable, never its value', async () => {
    process.env.TEST_TLS_CERT = 'not*base64'
    const local = await fileOf()
    const error = await failureOf(read(local, { cert: secret.binary('tls/cert') }))
    expect(error.failures[0]).toMatchObject({ code: 'LocalRegistryInvalid' })
    expect(error.failures[0]!.message).toBe(
      `the local registry file ${local} is not a valid registry file: stages.prod.secrets["tls/cert"] is binary: true, and the value of TEST_TLS_CERT has a character that is not base64 at position 4 (line breaks not counted)`,
    )
  })
})
