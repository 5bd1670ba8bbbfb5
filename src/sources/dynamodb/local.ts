/** The local registry's DynamoDB: its `dynamo` section, tables of plain JSON items. */
import { marshal } from '../../aws/attribute-value.js'
import { failed, fetched, type Outcome } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'
import { isObject } from '../../core/values.js'
import type { RawItem } from './decode.js'
import { itemLocationOf, tableNameOf } from './table.js'

export function readItem(tables: Record<string, unknown>, reference: Reference): Outcome {
  const { table, key } = itemLocationOf(reference)
  // By ARN, fall back to the table's name, as parameters do.
  const name = [table, tableNameOf(table)].find((candidate) => Object.hasOwn(tables, candidate))
  if (name === undefined) return failed('ResourceNotFoundException', `no DynamoDB table ${table} in the local registry`)
  const items = tables[name]
  if (!Array.isArray(items) || !items.every(isObject))
    return failed('LocalRegistryInvalid', `dynamo entry ${name} of the local registry must be an array of items (objects)`)
  // Key values match by type too, as in DynamoDB: the string "42" is not the number 42.
  const item = items.find((candidate) => Object.entries(key).every(([attribute, value]) => candidate[attribute] === value))
  if (!item) return failed('ItemNotFound', `table ${table} of the local registry has no item with key ${JSON.stringify(key)}`)
  return fetched<RawItem>({ kind: 'item', item: Object.fromEntries(Object.entries(item).map(([attribute, value]) => [attribute, marshal(value)])) })
}
