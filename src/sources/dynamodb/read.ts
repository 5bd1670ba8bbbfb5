import { sdk } from '#sdk/dynamodb'
import { type Item, keyTextOf } from '../../aws/attribute-value.js'
import { command, registerSdk } from '../../aws/sdk.js'
import { withClient } from '../../aws/with-client.js'
import { backoffDelay } from '../../cache/freshness.js'
import type { AwsClient } from '../../core/client-scope.js'
import { registerDecoder } from '../../core/decode.js'
import { type FetchFailed, failed, failureFromError, fetched, invalidResponse, type Outcome } from '../../core/outcome.js'
import type { Source } from '../../core/reference.js'
import { type ItemRead, itemReadsOf, packCalls, requestItemsOf } from './batches.js'
import { decodeItem, type RawItem } from './decode.js'
import { tableNameOf } from './table.js'

// This source's SDK client: loaded, and bundled, only where a declaration uses it.
registerSdk(sdk)
registerDecoder<RawItem>('item', decodeItem)

/**
 * Calls per batch of keys while DynamoDB leaves some unprocessed: the first and 5 retries,
 * so that the waits (at most about 1.6 s in all) fit well within the default request timeout.
 */
export const MAX_ATTEMPTS = 6
/** Unprocessed keys wait 25-50 ms before they are sent again, twice as long each time, up to 0.5-1 s. */
export const RETRY_BASE_DELAY = 50
export const RETRY_MAX_DELAY = 1_000

// Errors that one table or one key can cause for a whole BatchGetItem call: a table that
// does not exist, a table or key (IAM's dynamodb:LeadingKeys) the role may not read, a key
// that does not match its table's schema. Splitting the call then names exactly the reads
// that fail, instead of blaming their neighbours.
const SPLIT_BY_TABLE = new Set(['ResourceNotFoundException', 'AccessDeniedException', 'ValidationException'])
const SPLIT_BY_KEY = new Set(['AccessDeniedException', 'ValidationException'])

interface BatchGetItemOutput {
  Responses?: Record<string, Item[]>
  UnprocessedKeys?: Record<string, { Keys?: Item[] }>
}

/** The wait before retry `attempt`: the one backoff, on DynamoDB's own scale. */
export const retryDelay = (attempt: number, random: () => number = Math.random): number => backoffDelay(attempt, random, RETRY_BASE_DELAY, RETRY_MAX_DELAY)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A table's entry in a response map: by the name or ARN it was asked by, else by its bare name. */
function entryOf<T>(byTable: Record<string, T> | undefined, table: string): T | undefined {
  if (!byTable) return undefined
  if (Object.hasOwn(byTable, table)) return byTable[table]
  const name = tableNameOf(table)
  return Object.hasOwn(byTable, name) ? byTable[name] : undefined
}

/** Whether a read's key is among the given items' keys. */
const isAmong = (read: ItemRead, items: readonly Item[] | undefined) => items?.some((item) => keyTextOf(item, read.keyNames) === read.keyText) ?? false

const keyJson = (key: ItemRead['key']) => JSON.stringify(Object.fromEntries(Object.entries(key).map(([name, value]) => [name, value.S ?? Number(value.N)])))

/** The answered items of each table, by key text over the key names a read uses. */
function itemIndex(output: BatchGetItemOutput) {
  const indexes = new Map<string, Map<string, Item>>()
  return (read: ItemRead): Item | undefined => {
    const indexKey = `${read.table}|${JSON.stringify(read.keyNames)}`
    let index = indexes.get(indexKey)
    if (!index) {
      const items = entryOf(output.Responses, read.table) ?? []
      indexes.set(indexKey, (index = new Map(items.map((item) => [keyTextOf(item, read.keyNames), item]))))
    }
    return index.get(read.keyText)
  }
}

/**
 * An answered read: the item, or not found. An item without an attribute that the cached
 * one had and a reference needs is taken as a broken answer, not as news: the last good
 * value stays (a first read without it still fails with AttributeNotFound).
 */
function outcomeOf(read: ItemRead, item: Item | undefined): Outcome {
  if (!item) return failed('ItemNotFound', `table ${read.table} has no item with key ${keyJson(read.key)}`)
  const lost = read.kept.find((attribute) => !Object.hasOwn(item, attribute))
  if (lost !== undefined) return invalidResponse(`table ${read.table} answered the item with key ${keyJson(read.key)} without its attribute ${lost}`)
  return fetched<RawItem>({ kind: 'item', item })
}

/** Outcomes of the reads a call answered; the unprocessed ones are left out. */
function answered(reads: readonly ItemRead[], output: BatchGetItemOutput, unprocessed: ReadonlySet<ItemRead>): Map<ItemRead, Outcome> {
  const itemOf = itemIndex(output)
  const outcomes = new Map<ItemRead, Outcome>()
  // AWS always answers with Responses: without them every read would look not found.
  const broken = output.Responses === undefined ? invalidResponse('BatchGetItem answered without Responses') : undefined
  for (const read of reads) {
    if (!unprocessed.has(read)) outcomes.set(read, broken ?? outcomeOf(read, itemOf(read)))
  }
  return outcomes
}

/** A failed call: split by table, then by key, when one of them may be the cause; otherwise every read fails alike. */
async function afterFailedCall(client: AwsClient, reads: readonly ItemRead[], failure: FetchFailed): Promise<Map<ItemRead, Outcome>> {
  const tables = [...new Set(reads.map((read) => read.table))]
  if (tables.length > 1 && SPLIT_BY_TABLE.has(failure.code)) {
    return merge(
      await Promise.all(
        tables.map((table) =>
          readItems(
            client,
            reads.filter((read) => read.table === table),
          ),
        ),
      ),
    )
  }
  if (reads.length > 1 && SPLIT_BY_KEY.has(failure.code)) return merge(await Promise.all(reads.map((read) => readItems(client, [read]))))
  // AWS's "Requested resource not found" does not say which: with one table, we can.
  const named = failure.code === 'ResourceNotFoundException' ? failed(failure.code, `table ${tables[0]} was not found: ${failure.message}`) : failure
  return new Map(reads.map((read) => [read, named]))
}

const merge = (maps: readonly Map<ItemRead, Outcome>[]) => new Map(maps.flatMap((map) => [...map]))

/**
 * Reads items in one BatchGetItem, and sends the keys DynamoDB leaves unprocessed (when
 * throttled, or past 16 MB per answer) again with backoff, up to MAX_ATTEMPTS calls.
 */
async function readItems(client: AwsClient, reads: readonly ItemRead[]): Promise<Map<ItemRead, Outcome>> {
  const outcomes = new Map<ItemRead, Outcome>()
  let pending = reads
  for (let attempt = 1; ; attempt++) {
    let output: BatchGetItemOutput
    try {
      output = (await client.send(await command('dynamodb', 'BatchGetItemCommand', { RequestItems: requestItemsOf(pending) }))) as BatchGetItemOutput
    } catch (error) {
      return merge([outcomes, await afterFailedCall(client, pending, failureFromError(error))])
    }
    const unprocessed = new Set(pending.filter((read) => isAmong(read, entryOf(output.UnprocessedKeys, read.table)?.Keys)))
    for (const [read, outcome] of answered(pending, output, unprocessed)) outcomes.set(read, outcome)
    if (unprocessed.size === 0) return outcomes
    if (attempt === MAX_ATTEMPTS) {
      const failure = failed('UnprocessedKeys', `DynamoDB left the item unprocessed in ${MAX_ATTEMPTS} BatchGetItem calls (throttled, or answers over 16 MB)`)
      for (const read of unprocessed) outcomes.set(read, failure)
      return outcomes
    }
    await sleep(retryDelay(attempt))
    pending = [...unprocessed]
  }
}

/**
 * DynamoDB: every due item goes out in BatchGetItem calls of at most 100 keys, across
 * tables, all calls at once; unprocessed keys are retried with backoff. The whole item is
 * the cached value, so every attribute of it is served by one read.
 */
export const fetchFromDynamo: Source = withClient((client, requests) =>
  Promise.all(
    packCalls(itemReadsOf(requests)).map(async (call) => {
      const outcomes = await readItems(client, call)
      return new Map([...outcomes].flatMap(([read, outcome]) => read.fetchKeys.map((fetchKey) => [fetchKey, outcome] as const)))
    }),
  ),
)
