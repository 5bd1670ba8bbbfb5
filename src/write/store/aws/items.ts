/**
 * The file's DynamoDB items against their tables: each table's key attributes (from
 * DescribeTable), each item's current version (GetItem, strongly consistent), writing an
 * item whole (PutItem), and every item of a table (Scan) for export. Tables are never
 * created: the file describes what is in them.
 */

import { type AttributeValue, type Item, marshal, unmarshal } from '../../../aws/attribute-value.js'
import type { DesiredItem } from '../../../registry-file/entries.js'
import type { ItemSpec } from '../../../registry-file/format.js'
import { problemAt, RegistryFileError } from '../../../registry-file/problem.js'
import { eachLimited } from '../limited.js'
import { type CurrentItem, type ItemKey, keyText } from '../store.js'
import type { Send } from './send.js'

interface DescribeTableOutput {
  Table?: { KeySchema?: { AttributeName?: string; KeyType?: string }[] }
}

/** A table's key attribute names, partition key first. */
export async function keyNamesOf(send: Send, table: string): Promise<string[]> {
  const output = await send<DescribeTableOutput>('dynamodb', 'DescribeTable', { TableName: table }, table)
  const schema = output.Table?.KeySchema ?? []
  return [...schema].sort((a, b) => (a.KeyType === 'HASH' ? -1 : b.KeyType === 'HASH' ? 1 : 0)).map(({ AttributeName = '' }) => AttributeName)
}

/** An item's key under the table's key names; the item must give each as a string or number. */
export function keyOf(entry: DesiredItem, keyNames: readonly string[]): ItemKey {
  return Object.fromEntries(
    keyNames.map((name, index) => {
      const value = entry.item[name]
      if (typeof value !== 'string' && typeof value !== 'number') {
        const role = index === 0 ? 'partition key' : 'sort key'
        throw new RegistryFileError(`${entry.origin} has no ${role} ${name} of table ${entry.table} (a string or a number)`)
      }
      return [name, value]
    }),
  )
}

const marshalItem = (item: ItemSpec): Item => Object.fromEntries(Object.entries(item).map(([name, value]) => [name, marshal(value)]))

/** An item as plain JSON; undefined if it holds binary data, which the file cannot say. */
export function plainItemOf(item: Readonly<Record<string, AttributeValue>>): ItemSpec | undefined {
  try {
    return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, unmarshal(value)]))
  } catch {
    return undefined
  }
}

/** The current item of each desired one, by entry; two entries for one item are refused. */
export async function readItems(send: Send, desired: readonly DesiredItem[]): Promise<Map<DesiredItem, CurrentItem>> {
  const tables = [...new Set(desired.map((entry) => entry.table))]
  const keyNames = new Map(await Promise.all(tables.map(async (table) => [table, await keyNamesOf(send, table)] as const)))
  const seen = new Map<string, string>()
  const keys = desired.map((entry) => {
    const key = keyOf(entry, keyNames.get(entry.table)!)
    const text = keyText(entry.table, key)
    const first = seen.get(text)
    if (first !== undefined) problemAt([], `gives the item ${text} twice: at ${first} and at ${entry.origin}`)
    seen.set(text, entry.origin)
    return key
  })
  const current = new Map<DesiredItem, CurrentItem>()
  await eachLimited(desired, async (entry, index) => {
    const key = keys[index]!
    const input = { TableName: entry.table, Key: marshalItem(key), ConsistentRead: true }
    const output = await send<{ Item?: Item }>('dynamodb', 'GetItem', input, keyText(entry.table, key))
    current.set(entry, { key, item: output.Item ? (plainItemOf(output.Item) ?? null) : undefined })
  })
  return current
}

/** Writes the item whole: attributes it does not give are removed. */
export async function putItem(send: Send, entry: DesiredItem, key: ItemKey): Promise<void> {
  await send('dynamodb', 'PutItem', { TableName: entry.table, Item: marshalItem(entry.item) }, keyText(entry.table, key))
}

interface ScanOutput {
  Items?: Item[]
  LastEvaluatedKey?: Item
}

/** Every item of a table (or those whose `attribute` equals `value`), page by page. */
export async function scanTable(send: Send, table: string, where?: { attribute: string; value: string }): Promise<Item[]> {
  const items: Item[] = []
  const filter = where && {
    FilterExpression: '#a = :v',
    ExpressionAttributeNames: { '#a': where.attribute },
    ExpressionAttributeValues: { ':v': { S: where.value } },
  }
  let ExclusiveStartKey: Item | undefined
  do {
    const output = await send<ScanOutput>('dynamodb', 'Scan', { TableName: table, ...filter, ExclusiveStartKey }, table)
    items.push(...(output.Items ?? []))
    ExclusiveStartKey = output.LastEvaluatedKey
  } while (ExclusiveStartKey)
  return items
}
