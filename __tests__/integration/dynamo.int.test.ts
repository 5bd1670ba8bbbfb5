/**
 * DynamoDB against moto: items written with the real SDK, read through registry() in a
 * middy handler with BatchGetItem; a central account's table through a role; a service
 * registry table behind service(); and the local registry file giving the same values.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AttributeValue, BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { marshal } from '../../src/aws/attribute-value.js'
import { clearRegistryCache, dynamo, type FetchMap, type Reference, type RegistryOptions, service } from '../../src/index.js'
import { awsClientOptions, motoClients, RecordingHttpHandler, registryErrorOf, resetMoto, resolveOnce } from './helpers.js'

const CENTRAL = '111111111111'
const READER = { roleArn: `arn:aws:iam::${CENTRAL}:role/registry-reader` }
const ITEMS = 150
const MISSING = new Set([7, 99, 140])
// Items of about 380 KB (DynamoDB's limit is 400 KB): 45 of them exceed the 16 MB a BatchGetItem answer may carry.
const LARGE_ITEMS = 45
const LARGE_VALUE = 'x'.repeat(380_000)

/** A BatchWriteItem-sized list of PutRequests. */
const puts = (items: Record<string, AttributeValue>[]) => items.map((Item) => ({ PutRequest: { Item } }))

async function createTable(client: DynamoDBClient, TableName: string, keys: string[]): Promise<void> {
  const KeySchema = keys.map((AttributeName, index) => ({ AttributeName, KeyType: index === 0 ? ('HASH' as const) : ('RANGE' as const) }))
  const AttributeDefinitions = keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const }))
  await client.send(new CreateTableCommand({ TableName, KeySchema, AttributeDefinitions, BillingMode: 'PAY_PER_REQUEST' }))
}

async function writeItems(client: DynamoDBClient, table: string, items: Record<string, AttributeValue>[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: puts(items.slice(start, start + 25)) } }))
  }
}

/** A DynamoDB client acting in the role's account (moto runs a role session's requests there). */
async function clientThroughRole(roleArn: string): Promise<DynamoDBClient> {
  const sts = new STSClient(awsClientOptions())
  const { Credentials: session } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'integration-seeding' }))
  const credentials = { accessKeyId: session!.AccessKeyId!, secretAccessKey: session!.SecretAccessKey!, sessionToken: session!.SessionToken! }
  return new DynamoDBClient({ ...awsClientOptions(), credentials })
}

/** The same contents, as a local registry file and in moto. */
const SHARED = {
  'service-registry': [
    { service: 'orders', stage: 'prod', endpoint: 'https://orders.example.com', timeoutMs: 2500, limits: { rps: 200, hosts: ['a', 'b'] } },
    { service: 'billing', stage: 'prod', endpoint: 'https://billing.example.com' },
  ],
}

const home = new DynamoDBClient(awsClientOptions())
const directory = mkdtempSync(join(tmpdir(), 'middy-registry-dynamo-int-'))
const localFile = join(directory, 'registry.local.json')

beforeAll(async () => {
  await resetMoto()
  await createTable(home, 'registry', ['pk'])
  const present = Array.from({ length: ITEMS }, (_, index) => index).filter((index) => !MISSING.has(index))
  await writeItems(
    home,
    'registry',
    present.map((index) => ({ pk: { S: `svc-${index}` }, value: { S: `https://svc-${index}.example` } })),
  )
  await createTable(home, 'large', ['pk'])
  for (let index = 0; index < LARGE_ITEMS; index++)
    await home.send(new PutItemCommand({ TableName: 'large', Item: { pk: { S: `big-${index}` }, value: { S: LARGE_VALUE } } }))
  await createTable(home, 'service-registry', ['service', 'stage'])
  await writeItems(
    home,
    'service-registry',
    SHARED['service-registry'].map((item) => marshal(item).M as Record<string, AttributeValue>),
  )
  await motoClients().secretsManager.send(new CreateSecretCommand({ Name: 'orders/prod/api-key', SecretString: 'orders-prod-key' }))
  writeFileSync(localFile, JSON.stringify({ dynamo: SHARED, secrets: { 'orders/prod/api-key': 'orders-prod-key' } }))
  // The central account holds a table of the same name, with other values.
  const central = await clientThroughRole(READER.roleArn)
  await createTable(central, 'registry', ['pk'])
  await writeItems(central, 'registry', [{ pk: { S: 'svc-1' }, value: { S: 'https://svc-1.central.example' } }])
})

afterAll(() => rmSync(directory, { recursive: true, force: true }))

beforeEach(() => clearRegistryCache())

type Reach = Pick<RegistryOptions<FetchMap>, 'awsClientOptions' | 'prefetch' | 'local'>

/** Records each request's JSON body too, to see what BatchGetItem was asked. */
class BodyRecordingHandler extends RecordingHttpHandler {
  readonly bodies: Array<{ RequestItems?: Record<string, { Keys: unknown[]; ConsistentRead?: boolean }> }> = []

  override handle(...args: Parameters<RecordingHttpHandler['handle']>): ReturnType<RecordingHttpHandler['handle']> {
    const { body } = args[0]
    // TextDecoder reads the bytes: a string method on the SDK's body adapter would warn.
    const text = typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined
    if (text?.startsWith('{')) this.bodies.push(JSON.parse(text))
    return super.handle(...args)
  }
}

/** registry() creating its own clients from awsClientOptions, every request recorded. */
const throughOwnClients = (wire: RecordingHttpHandler = new RecordingHttpHandler()): Reach => ({
  awsClientOptions: { ...awsClientOptions(), requestHandler: wire },
  prefetch: false,
  local: false,
})

const fetchOf = (count: number, table = 'registry', options = {}) =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`svc${index}`, dynamo(table, `svc-${index}`, options)])) as Record<string, Reference<string>>

describe('reading items with BatchGetItem', () => {
  it('reads 150 items in exactly 2 BatchGetItem requests', async () => {
    const wire = new RecordingHttpHandler()
    const fetch = fetchOf(ITEMS, 'registry', { optional: true })

    const values = await resolveOnce({ ...throughOwnClients(wire), fetch })

    expect(wire.sent.map(({ operation }) => operation)).toEqual(['BatchGetItem', 'BatchGetItem'])
    expect(values.svc0).toBe('https://svc-0.example')
    expect(values.svc149).toBe('https://svc-149.example')
    expect(
      Object.entries(values)
        .filter(([, value]) => value === undefined)
        .map(([key]) => key)
        .sort(),
    ).toEqual(['svc140', 'svc7', 'svc99'])
  })

  it('names exactly the missing items, and a missing table, in the RegistryError', async () => {
    const fetch = { ...fetchOf(ITEMS), gone: dynamo('registry-old', 'svc-1') }

    const error = await registryErrorOf(resolveOnce({ ...throughOwnClients(), fetch }))

    const failures = [...error.failures].sort((a, b) => a.key.localeCompare(b.key))
    expect(failures.map(({ key, source, id, code }) => ({ key, source, id, code }))).toEqual([
      { key: 'gone', source: 'dynamodb', id: 'registry-old {"pk":"svc-1"}', code: 'ResourceNotFoundException' },
      { key: 'svc140', source: 'dynamodb', id: 'registry {"pk":"svc-140"}', code: 'ItemNotFound' },
      { key: 'svc7', source: 'dynamodb', id: 'registry {"pk":"svc-7"}', code: 'ItemNotFound' },
      { key: 'svc99', source: 'dynamodb', id: 'registry {"pk":"svc-99"}', code: 'ItemNotFound' },
    ])
    expect(failures[0]!.message).toContain('table registry-old was not found')
  })

  it('sends ConsistentRead only for the references that ask for it', async () => {
    const wire = new BodyRecordingHandler()

    await resolveOnce({
      ...throughOwnClients(wire),
      fetch: { eventual: dynamo('registry', 'svc-1'), strong: dynamo('registry', 'svc-2', { consistentRead: true }) },
    })

    // One table cannot be read both ways in one call: two calls, the consistent one flagged.
    expect(wire.bodies).toHaveLength(2)
    expect(wire.bodies).toEqual(
      expect.arrayContaining([
        { RequestItems: { registry: { Keys: [{ pk: { S: 'svc-1' } }] } } },
        { RequestItems: { registry: { Keys: [{ pk: { S: 'svc-2' } }], ConsistentRead: true } } },
      ]),
    )
  })

  it('sends again the keys DynamoDB leaves unprocessed past 16 MB, until every item is read', async () => {
    const wire = new BodyRecordingHandler()

    const values = await resolveOnce({
      ...throughOwnClients(wire),
      fetch: Object.fromEntries(Array.from({ length: LARGE_ITEMS }, (_, index) => [`big${index}`, dynamo('large', `big-${index}`)])),
    })

    expect(Object.values(values).every((value) => value === LARGE_VALUE)).toBe(true)
    const keysPerCall = wire.bodies.map((body) => body.RequestItems!.large!.Keys.length)
    // 44 items of 380 KB fit in 16 MB: the 45th comes back in UnprocessedKeys and is sent alone.
    expect(keysPerCall).toEqual([LARGE_ITEMS, 1])
  })
})

describe('a central account table through a role', () => {
  it('reads the central item by table name with assumeRole, and the home one without', async () => {
    const wire = new RecordingHttpHandler()
    const values = await resolveOnce({
      ...throughOwnClients(wire),
      fetch: { own: dynamo('registry', 'svc-1'), central: dynamo('registry', 'svc-1', { assumeRole: READER }) },
    })

    expect(values).toEqual({ own: 'https://svc-1.example', central: 'https://svc-1.central.example' })
    expect(wire.count('AssumeRole')).toBe(1)
  })

  it('reads the central item by table ARN through a registry-wide role', async () => {
    const arn = `arn:aws:dynamodb:us-east-1:${CENTRAL}:table/registry`

    const values = await resolveOnce({ ...throughOwnClients(), assumeRole: READER, fetch: { central: dynamo(arn, 'svc-1') } })

    expect(values).toEqual({ central: 'https://svc-1.central.example' })
  })
})

describe('service() on a DynamoDB service registry, and the local file with the same contents', () => {
  const fetch = {
    orders: service('orders', { attributes: { timeoutMs: 'json', limits: 'json' } }),
    billing: service('billing', { apiKey: false }),
  }
  const settings = { stage: 'prod', convention: { table: 'service-registry' } } as const

  it('resolves endpoint and attributes from the item, and the API key from Secrets Manager', async () => {
    const values = await resolveOnce({ ...throughOwnClients(), ...settings, fetch })

    expect(values).toEqual({
      orders: { endpoint: 'https://orders.example.com', timeoutMs: 2500, limits: { rps: 200, hosts: ['a', 'b'] } },
      billing: { endpoint: 'https://billing.example.com' },
    })
    expect((values.orders as { apiKey: string }).apiKey).toBe('orders-prod-key')
  })

  it('resolves the same values from the local registry file that seeded the table', async () => {
    const [fromAws, fromFile] = await Promise.all([
      resolveOnce({ ...throughOwnClients(), ...settings, fetch }),
      resolveOnce({ ...settings, fetch, local: localFile, prefetch: false }),
    ])

    expect(fromFile).toEqual(fromAws)
    expect((fromFile.orders as { apiKey: string }).apiKey).toBe((fromAws.orders as { apiKey: string }).apiKey)
  })
})
