/** The local registry file serves dynamo() references from its "dynamo" section, without the SDK. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { removeRegistryFiles, writeRegistry } from './registry-files.js'
import { notInstalled } from './sdk-not-installed.js'

// The DynamoDB SDK stands in as "not installed": a local registry must never load it.
const sdkLoads: string[] = []
jest.unstable_mockModule('#sdk/dynamodb', notInstalled('@aws-sdk/client-dynamodb', sdkLoads))

const { registry, dynamo, service, clearRegistryCache } = await import('../../src/index.js')
// After the mocks: helpers import the package, whose sources import their SDK loaders.
const { invoke, invokeFailing } = await import('./helpers.js')

const registryFile = () =>
  writeRegistry({
    dynamo: {
      registry: [
        { pk: 'orders', value: 'http://localhost:3001', limits: { rps: 5 }, limitsText: '{"rps":5}', timeoutMs: 2500, hosts: ['a', 'b'], beta: false },
        { pk: 42, value: 'the number' },
      ],
      'service-registry': [
        { service: 'orders', stage: 'dev', endpoint: 'http://localhost:3001', timeoutMs: 1000 },
        { service: 'orders', stage: 'test', endpoint: 'http://localhost:4001' },
      ],
    },
    secrets: { 'orders/dev/api-key': 'local-key' },
  })

beforeEach(() => {
  clearRegistryCache()
  sdkLoads.length = 0
})

afterEach(() => {
  removeRegistryFiles()
})

describe('local registry: DynamoDB items', () => {
  it('reads items written as plain JSON, as DynamoDB would give them', async () => {
    const fetch = {
      url: dynamo('registry', 'orders'),
      limits: dynamo.json<{ rps: number }>('registry', 'orders', { attribute: 'limits' }),
      parsed: dynamo.json<{ rps: number }>('registry', 'orders', { attribute: 'limitsText' }),
      timeout: dynamo('registry', 'orders', { attribute: 'timeoutMs' }),
      hosts: dynamo.json<string[]>('registry', 'orders', { attribute: 'hosts' }),
      beta: dynamo.json<boolean>('registry', 'orders', { attribute: 'beta' }),
      numbered: dynamo('registry', { partition: 42 }),
    }

    const context = await invoke(registry({ fetch, local: registryFile(), prefetch: false }))

    expect({ ...context }).toEqual(
      expect.objectContaining({
        url: 'http://localhost:3001',
        limits: { rps: 5 },
        parsed: { rps: 5 },
        timeout: '2500',
        hosts: ['a', 'b'],
        beta: false,
        numbered: 'the number',
      }),
    )
    expect(sdkLoads).toEqual([])
  })

  it('reads by partition and sort key, and a table named by ARN by its name', async () => {
    const arn = 'arn:aws:dynamodb:eu-central-1:111111111111:table/service-registry'
    const key = { partition: 'orders', sort: 'test' }

    const context = await invoke(
      registry({
        fetch: { url: dynamo(arn, key, { partitionKey: 'service', sortKey: 'stage', attribute: 'endpoint' }) },
        local: registryFile(),
        prefetch: false,
      }),
    )

    expect(context.url).toBe('http://localhost:4001')
  })

  it('serves a service() of a DynamoDB convention, its API key from "secrets"', async () => {
    const fetch = { orders: service('orders', { attributes: { timeoutMs: 'json' } }) }

    const context = await invoke(registry({ fetch, stage: 'dev', convention: { table: 'service-registry' }, local: registryFile(), prefetch: false }))

    expect(context.orders).toEqual({ endpoint: 'http://localhost:3001', timeoutMs: 1000 })
    expect(context.orders.apiKey).toBe('local-key')
  })

  it('fails like DynamoDB: ItemNotFound for a missing item (the string "42" is not the number 42), ResourceNotFoundException for a missing table', async () => {
    const fetch = {
      billing: dynamo('registry', 'billing'),
      text: dynamo('registry', '42'),
      table: dynamo('other-table', 'orders'),
      maybe: dynamo('registry', 'billing', { optional: true }),
    }

    const error = await invokeFailing(registry({ fetch, local: registryFile(), prefetch: false }))

    expect(error.failures.map(({ key, source, code }) => `${key}: ${source} ${code}`)).toEqual([
      'billing: local ItemNotFound',
      'text: local ItemNotFound',
      'table: local ResourceNotFoundException',
    ])
    expect(error.failures[0]!.message).toBe('table registry of the local registry has no item with key {"pk":"billing"}')
  })

  it('fails a table that is not a list of items with LocalRegistryInvalid, leaving the other keys alone', async () => {
    const local = writeRegistry({ dynamo: { registry: { pk: 'orders' }, good: [{ pk: 'orders', value: 'ok' }] } })

    const error = await invokeFailing(registry({ fetch: { bad: dynamo('registry', 'orders'), good: dynamo('good', 'orders') }, local, prefetch: false }))

    expect(error.failures.map(({ key, code, message }) => ({ key, code, message }))).toEqual([
      { key: 'bad', code: 'LocalRegistryInvalid', message: 'dynamo entry registry of the local registry must be an array of items (objects)' },
    ])
  })

  it('rejects a file whose "dynamo" is not an object', async () => {
    const local = writeRegistry({ dynamo: [] })

    const error = await invokeFailing(registry({ fetch: { url: dynamo('registry', 'orders') }, local, prefetch: false }))

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      {
        code: 'LocalRegistryInvalid',
        message: `the local registry file ${local} must hold a JSON object whose "parameters", "secrets", "cloudMap" and "dynamo" are objects`,
      },
    ])
  })

  it('needs the SDK only without the file: the same declaration then fails with SdkNotInstalled', async () => {
    const error = await invokeFailing(
      registry({ fetch: { url: dynamo('registry', 'orders') }, local: false, prefetch: false, awsClientOptions: { region: 'eu-west-1' } }),
    )

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'SdkNotInstalled', message: '@aws-sdk/client-dynamodb is not installed; add it with "npm install @aws-sdk/client-dynamodb"' },
    ])
    expect(sdkLoads).toEqual(['@aws-sdk/client-dynamodb'])
  })
})
