/** DynamoDB items as registry values: what each attribute type resolves to, and how a missing item or attribute is reported. */

import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { dynamo, registry } from '../../../src/index.js'
import { batchGetItemCalls, requestItemsSent, type StoredItem, serveItems } from '../dynamo-store.js'
import { awsError, invoke, invokeFailing, noTimeToRetry, testOptions } from '../helpers.js'
import { dynamoMock, resetAll } from '../mocks.js'

const ORDERS_ITEM: StoredItem = {
  pk: { S: 'orders' },
  value: { S: 'https://orders.example.com' },
  limits: { S: '{"rps":200,"burst":50}' },
  timeoutMs: { N: '2500.50' },
  enabled: { BOOL: true },
  owner: { NULL: true },
  settings: {
    M: { retries: { N: '3' }, hosts: { L: [{ S: 'a.example.com' }, { S: 'b.example.com' }] }, tags: { SS: ['blue', 'green'] }, ports: { NS: ['80', '443'] } },
  },
  logo: { B: new Uint8Array([1, 2, 3]) },
}

beforeEach(() => {
  resetAll()
  serveItems({
    registry: { key: ['pk'], items: [ORDERS_ITEM] },
    services: { key: ['service', 'stage'], items: [{ service: { S: 'orders' }, stage: { S: 'prod' }, endpoint: { S: 'https://orders.prod.example.com' } }] },
    numbered: { key: ['id'], items: [{ id: { N: '42' }, value: { S: 'the answer' } }] },
  })
})

const resolve = async <F extends Parameters<typeof registry>[0]['fetch']>(fetch: F) => invoke(registry({ fetch, ...testOptions() }))

describe('dynamo() resolves an item attribute to text', () => {
  it('reads the "value" attribute of the item whose "pk" is the key', async () => {
    const context = await resolve({ ordersUrl: dynamo('registry', 'orders') })

    expect(context.ordersUrl).toBe('https://orders.example.com')
    expect(Object.keys(context)).toContain('ordersUrl')
    expect(requestItemsSent()).toEqual([{ registry: { Keys: [{ pk: { S: 'orders' } }] } }])
  })

  it('reads by partition and sort key, with the attribute names given', async () => {
    const reference = dynamo('services', { partition: 'orders', sort: 'prod' }, { partitionKey: 'service', sortKey: 'stage', attribute: 'endpoint' })

    const context = await resolve({ url: reference })

    expect(context.url).toBe('https://orders.prod.example.com')
    expect(requestItemsSent()).toEqual([{ services: { Keys: [{ service: { S: 'orders' }, stage: { S: 'prod' } }] } }])
  })

  it('reads by a number key', async () => {
    const context = await resolve({ answer: dynamo('numbered', { partition: 42 }, { partitionKey: 'id' }) })

    expect(context.answer).toBe('the answer')
  })

  it('gives a number attribute as its exact decimal text', async () => {
    const context = await resolve({ timeout: dynamo('registry', 'orders', { attribute: 'timeoutMs' }) })

    expect(context.timeout).toBe('2500.50')
  })

  it('fails with AttributeTypeMismatch on any other type, pointing to dynamo.json()', async () => {
    const error = await invokeFailing(registry({ fetch: { settings: dynamo('registry', 'orders', { attribute: 'settings' }) }, ...testOptions() }))

    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'settings',
        source: 'dynamodb',
        id: 'registry {"pk":"orders"}',
        code: 'AttributeTypeMismatch',
        message: 'attribute settings of item registry {"pk":"orders"} is of type M; dynamo() reads S and N attributes, dynamo.json() the others',
      }),
    ])
  })
})

describe('dynamo.json() resolves an item attribute to data', () => {
  it('parses a string attribute holding JSON', async () => {
    const context = await resolve({ limits: dynamo.json<{ rps: number }>('registry', 'orders', { attribute: 'limits' }) })

    expect(context.limits).toEqual({ rps: 200, burst: 50 })
  })

  it('converts maps, lists, sets, numbers, booleans and null to plain JavaScript, frozen', async () => {
    const fetch = {
      settings: dynamo.json('registry', 'orders', { attribute: 'settings' }),
      timeout: dynamo.json('registry', 'orders', { attribute: 'timeoutMs' }),
      enabled: dynamo.json('registry', 'orders', { attribute: 'enabled' }),
      owner: dynamo.json('registry', 'orders', { attribute: 'owner' }),
    }

    const context = await resolve(fetch)

    expect(context.settings).toEqual({ retries: 3, hosts: ['a.example.com', 'b.example.com'], tags: ['blue', 'green'], ports: [80, 443] })
    expect(context.timeout).toBe(2500.5)
    expect(context.enabled).toBe(true)
    expect(context.owner).toBeNull()
    expect(Object.isFrozen(context.settings)).toBe(true)
    expect(Object.isFrozen((context.settings as { hosts: string[] }).hosts)).toBe(true)
  })

  it('fails with InvalidJSON, without quoting the text, when a string attribute is not JSON', async () => {
    const error = await invokeFailing(registry({ fetch: { url: dynamo.json('registry', 'orders') }, ...testOptions() }))

    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'url',
        code: 'InvalidJSON',
        message: 'attribute value of item registry {"pk":"orders"} is a string that is not valid JSON',
      }),
    ])
    expect(error.message).not.toContain('https://orders.example.com')
  })

  it('fails with InvalidJSON when a string attribute holds JSON nested deeper than 64 levels', async () => {
    serveItems({ registry: { key: ['pk'], items: [{ pk: { S: 'deep' }, value: { S: `${'['.repeat(5_000)}${']'.repeat(5_000)}` } }] } })

    const error = await invokeFailing(registry({ fetch: { deep: dynamo.json('registry', 'deep') }, ...testOptions() }))

    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'deep',
        code: 'InvalidJSON',
        message: 'attribute value of item registry {"pk":"deep"} is a string that is JSON nested deeper than 64 levels',
      }),
    ])
  })

  it('fails with AttributeTypeMismatch on binary data', async () => {
    const error = await invokeFailing(registry({ fetch: { logo: dynamo.json('registry', 'orders', { attribute: 'logo' }) }, ...testOptions() }))

    expect(error.failures).toEqual([
      expect.objectContaining({
        code: 'AttributeTypeMismatch',
        message: 'attribute logo of item registry {"pk":"orders"} holds binary data (B or BS), which dynamo.json() does not read',
      }),
    ])
  })
})

describe('one read serves every attribute of an item', () => {
  it('sends the item once for several attributes, and decodes each from it', async () => {
    const context = await resolve({
      url: dynamo('registry', 'orders'),
      limits: dynamo.json<{ rps: number }>('registry', 'orders', { attribute: 'limits' }),
      timeout: dynamo.json<number>('registry', 'orders', { attribute: 'timeoutMs', cacheExpiry: 60_000 }),
    })

    expect(context).toEqual(expect.objectContaining({ url: 'https://orders.example.com', limits: { rps: 200, burst: 50 }, timeout: 2500.5 }))
    expect(requestItemsSent()).toEqual([{ registry: { Keys: [{ pk: { S: 'orders' } }] } }])
  })

  it('serves the next invocation from the cache', async () => {
    const middleware = registry({ fetch: { url: dynamo('registry', 'orders') }, ...testOptions() })

    await invoke(middleware)
    const context = await invoke(middleware)

    expect(context.url).toBe('https://orders.example.com')
    expect(batchGetItemCalls()).toHaveLength(1)
  })

  it('reads an item apart when one reference wants a consistent read, and sends ConsistentRead for it', async () => {
    await resolve({ eventual: dynamo('registry', 'orders'), consistent: dynamo('registry', 'orders', { consistentRead: true, attribute: 'limits' }) })

    expect(requestItemsSent()).toEqual([
      { registry: { Keys: [{ pk: { S: 'orders' } }] } },
      { registry: { Keys: [{ pk: { S: 'orders' } }], ConsistentRead: true } },
    ])
  })
})

describe('an item or attribute that does not exist', () => {
  it('fails with ItemNotFound, naming the key, table and item key, and the Region searched', async () => {
    const error = await invokeFailing(registry({ fetch: { billing: dynamo('registry', 'billing') }, ...testOptions() }))

    expect(error.failures).toEqual([
      {
        key: 'billing',
        source: 'dynamodb',
        id: 'registry {"pk":"billing"}',
        code: 'ItemNotFound',
        message: 'table registry has no item with key {"pk":"billing"} (searched in eu-west-1)',
        region: 'eu-west-1',
      },
    ])
    expect(error.message).toBe('1 registry value could not be resolved: billing (dynamodb registry {"pk":"billing"}: ItemNotFound)')
  })

  it('fails with AttributeNotFound when the item lacks the attribute', async () => {
    const error = await invokeFailing(registry({ fetch: { region: dynamo('registry', 'orders', { attribute: 'region' }) }, ...testOptions() }))

    expect(error.failures).toEqual([
      expect.objectContaining({ key: 'region', code: 'AttributeNotFound', message: 'item registry {"pk":"orders"} has no attribute region' }),
    ])
  })

  it('resolves both to undefined when the reference is optional', async () => {
    const context = await resolve({
      billing: dynamo('registry', 'billing', { optional: true }),
      region: dynamo.json('registry', 'orders', { attribute: 'region', optional: true }),
    })

    expect(context.billing).toBeUndefined()
    expect(context.region).toBeUndefined()
  })

  it('names the table that does not exist, and the Region searched', async () => {
    const error = await invokeFailing(registry({ fetch: { url: dynamo('registry-old', 'orders') }, ...testOptions() }))

    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'url',
        code: 'ResourceNotFoundException',
        message: 'table registry-old was not found: Requested resource not found (searched in eu-west-1)',
      }),
    ])
  })
})

describe('clients', () => {
  it('reads through the dynamodb client the registry is given', async () => {
    const client = new DynamoDBClient({ region: 'eu-west-1' })

    const context = await invoke(registry({ fetch: { url: dynamo('registry', 'orders') }, clients: { dynamodb: client }, prefetch: false }))

    expect(context.url).toBe('https://orders.example.com')
    expect(batchGetItemCalls()[0]!.thisValue).toBe(client)
  })

  it('reports a call that fails as a whole for every item it carried', async () => {
    dynamoMock.on(BatchGetItemCommand).rejects(awsError('ProvisionedThroughputExceededException'))

    const error = await invokeFailing(
      registry({ fetch: { a: dynamo('registry', 'orders'), b: dynamo('registry', 'billing') }, ...testOptions() }),
      noTimeToRetry(),
    )

    expect(error.failures.map(({ key, code }) => `${key}: ${code}`)).toEqual([
      'a: ProvisionedThroughputExceededException',
      'b: ProvisionedThroughputExceededException',
    ])
    expect(batchGetItemCalls()).toHaveLength(1)
  })
})
