/**
 * In-memory DynamoDB tables that answer BatchGetItem the way DynamoDB does: the items found,
 * nothing for keys without an item, ResourceNotFoundException for a table that does not
 * exist, ValidationException for more than 100 keys, a duplicate key or a key that does not
 * match the table's schema.
 */
import { type AttributeValue, BatchGetItemCommand, type BatchGetItemCommandInput } from '@aws-sdk/client-dynamodb'
import { awsError } from './helpers.js'
import { dynamoMock } from './mocks.js'

export type StoredItem = Record<string, AttributeValue>

export interface StoredTable {
  /** The key attribute names: partition key, then sort key if the table has one. */
  readonly key: readonly string[]
  readonly items: readonly StoredItem[]
}

const valueText = (value: AttributeValue | undefined) => JSON.stringify(value ?? null)

function keyMatches(table: StoredTable, key: Record<string, AttributeValue>, item: StoredItem): boolean {
  return table.key.every((name) => valueText(item[name]) === valueText(key[name]))
}

function checkKeys(table: StoredTable, keys: readonly Record<string, AttributeValue>[]): void {
  if (keys.some((key) => Object.keys(key).sort().join() !== [...table.key].sort().join())) {
    throw awsError('ValidationException', 'The provided key element does not match the schema')
  }
  const texts = keys.map((key) => table.key.map((name) => valueText(key[name])).join('|'))
  if (new Set(texts).size !== texts.length) throw awsError('ValidationException', 'Provided list of item keys contains duplicates')
}

/** A BatchGetItem handler for aws-sdk-client-mock, answering from `tables` (by name, or by a table ARN ending with the name). */
export function batchGetItemFrom(tables: Record<string, StoredTable>) {
  return (input: BatchGetItemCommandInput) => {
    const requested = Object.entries(input.RequestItems ?? {})
    if (requested.reduce((count, [, { Keys = [] }]) => count + Keys.length, 0) > 100)
      throw awsError('ValidationException', 'Too many items requested for the BatchGetItem call')
    const Responses: Record<string, StoredItem[]> = {}
    for (const [table, { Keys = [] }] of requested) {
      const stored = tables[table.slice(table.lastIndexOf('/') + 1)]
      if (!stored) throw awsError('ResourceNotFoundException', 'Requested resource not found')
      checkKeys(stored, Keys)
      Responses[table] = Keys.flatMap((key) => stored.items.filter((item) => keyMatches(stored, key, item)))
    }
    return { Responses, UnprocessedKeys: {} }
  }
}

/** Serves BatchGetItem from `tables`. */
export function serveItems(tables: Record<string, StoredTable>): void {
  dynamoMock.on(BatchGetItemCommand).callsFake(batchGetItemFrom(tables))
}

export const batchGetItemCalls = () => dynamoMock.commandCalls(BatchGetItemCommand)

/** The RequestItems of every BatchGetItem sent, in order. */
export const requestItemsSent = () => batchGetItemCalls().map((call) => call.args[0].input.RequestItems ?? {})

/** How many keys each BatchGetItem call carried. */
export const keysPerCall = () => requestItemsSent().map((items) => Object.values(items).reduce((count, { Keys = [] }) => count + Keys.length, 0))
