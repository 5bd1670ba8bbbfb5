/**
 * `dynamo()`: one attribute of one DynamoDB item, by table and key; `dynamo.json()`: the
 * same attribute as data (a JSON string parsed, or a map, list, number… unmarshalled).
 * The cache holds the whole item, so several attributes of one item cost one read.
 */
import type { AwsClient } from '../../core/client-scope.js'
import { describeValue, quote } from '../../core/describe.js'
import { registerNotFoundCodes } from '../../core/outcome.js'
import { type IdFunction, locateDeclared, PER_INVOCATION } from '../../core/per-invocation.js'
import { InputError } from '../../core/problem.js'
import {
  BOOLEAN,
  COMMON_OPTIONS,
  type CommonOptions,
  createReference,
  type Decoding,
  NON_EMPTY_STRING,
  type OptionCheck,
  type Reference,
  type ReferenceOptions,
  validateOptions,
} from '../../core/reference.js'
import { isObject } from '../../core/values.js'
import { fetchFromDynamo } from './read.js'
import { checkTable, itemIdOf } from './table.js'

// A table or item that does not exist; an item without the attribute was found, so that one says nothing of the Region.
registerNotFoundCodes(['ResourceNotFoundException', 'ItemNotFound'])
registerNotFoundCodes(['AttributeNotFound'], { located: true })

declare module '../../core/client-scope.js' {
  interface RegistryClients {
    /** Your own DynamoDBClient, used as it is (no Region routing for ARNs, not for references read through a role). */
    dynamodb?: AwsClient
  }
}

/** An item's key: its partition key value, or its partition and sort key values. */
export type DynamoKey = string | { partition: string | number; sort?: string | number }

/** Options of a DynamoDB reference. */
export interface DynamoOptions extends CommonOptions {
  /** Name of the table's partition key attribute (default `pk`). */
  partitionKey?: string
  /** Name of the table's sort key attribute (default `sk`), for a key with a `sort` value. */
  sortKey?: string
  /** The attribute that holds the value (default `value`). */
  attribute?: string
  /** Read with strong consistency (default `false`: eventually consistent, at half the read capacity). */
  consistentRead?: boolean
}

/** Attribute names a reference uses when its options name none. */
export const DYNAMO_DEFAULTS = { partitionKey: 'pk', sortKey: 'sk', attribute: 'value' } as const

type Optional = { optional: true }

// DynamoDB key attribute names: 1-255 characters.
const KEY_ATTRIBUTE: OptionCheck = {
  check: (value) => typeof value === 'string' && value.length > 0 && value.length <= 255,
  expected: 'an attribute name of 1-255 characters',
}
const ALLOWED = {
  ...COMMON_OPTIONS,
  partitionKey: KEY_ATTRIBUTE,
  sortKey: KEY_ATTRIBUTE,
  attribute: NON_EMPTY_STRING,
  consistentRead: BOOLEAN,
}
const KEY_FIELDS = ['partition', 'sort']
const MAX_KEY_BYTES = { partition: 2048, sort: 1024 } as const

function checkKeyValue(caller: string, field: 'partition' | 'sort', value: unknown): string | number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && value.length > 0 && Buffer.byteLength(value) <= MAX_KEY_BYTES[field]) return value
  throw new InputError(
    caller,
    `the key's ${field} value must be a non-empty string of at most ${MAX_KEY_BYTES[field]} bytes or a finite number, got ${describeValue(value)}`,
  )
}

/** The key attributes of a declaration, partition key first, with their names. */
function keyOf(caller: string, key: unknown, options: ReferenceOptions): Record<string, string | number> {
  let parts: { partition?: unknown; sort?: unknown }
  if (typeof key === 'string') parts = { partition: key }
  else if (isObject(key)) parts = key as typeof parts
  else throw new InputError(caller, `the key must be a partition key value (a string) or { partition, sort }, got ${describeValue(key)}`)
  for (const name of Object.keys(parts)) {
    if (!KEY_FIELDS.includes(name)) throw new InputError(caller, `the key has an unknown field ${quote(name)} (allowed: ${KEY_FIELDS.join(', ')})`)
  }
  const partitionKey = options.partitionKey ?? DYNAMO_DEFAULTS.partitionKey
  const partition = checkKeyValue(caller, 'partition', parts.partition)
  if (parts.sort === undefined) {
    if (options.sortKey !== undefined)
      throw new InputError(caller, `option "sortKey" names a sort key, but the key has no sort value; give the key as { partition, sort }`)
    return { [partitionKey]: partition }
  }
  const sortKey = options.sortKey ?? DYNAMO_DEFAULTS.sortKey
  if (sortKey === partitionKey) throw new InputError(caller, `options "partitionKey" and "sortKey" name the same attribute`)
  return { [partitionKey]: partition, [sortKey]: checkKeyValue(caller, 'sort', parts.sort) }
}

function itemReference<T>(caller: string, table: unknown, key: unknown, options: unknown, decoding: Decoding): Reference<T> {
  const name = checkTable(caller, table)
  const checked = validateOptions(caller, options, ALLOWED)
  // The table is fixed; the key may be computed per invocation, and is checked as a fixed one.
  const located = locateDeclared(
    key,
    (value) => ({ id: itemIdOf({ table: name, key: keyOf(caller, value, checked) }), selector: '' }),
    `${name} ${PER_INVOCATION}`,
  )
  const readOptions = { ...checked, attribute: checked.attribute ?? DYNAMO_DEFAULTS.attribute }
  return createReference<T>({
    reader: fetchFromDynamo,
    source: 'dynamodb',
    client: 'dynamodb',
    notFound: 'ItemNotFound',
    kind: 'item',
    // Every attribute of an item shares its read; only the consistency makes another one.
    readKey: `consistent=${checked.consistentRead === true}`,
    ...located,
    decoding,
    secret: false,
    options: readOptions,
  })
}

/**
 * A string attribute (S) of a DynamoDB item, by table name or ARN and key (which may be a
 * function of the invocation's request, computed and checked on each invocation); a number
 * attribute (N) resolves to its decimal text. Read with BatchGetItem, batched with every
 * other item due at the same time. A missing item fails with `ItemNotFound`.
 */
function dynamo(table: string, key: DynamoKey | IdFunction<DynamoKey>, options: DynamoOptions & Optional): Reference<string | undefined>
function dynamo(table: string, key: DynamoKey | IdFunction<DynamoKey>, options?: DynamoOptions): Reference<string>
function dynamo(table: string, key: DynamoKey | IdFunction<DynamoKey>, options?: DynamoOptions): Reference<string | undefined> {
  return itemReference('dynamo()', table, key, options, 'string')
}

/**
 * An attribute as data: a string attribute holding JSON is parsed; a map, list, number,
 * boolean, null or set is converted to plain JavaScript (numbers as `number`, sets as
 * arrays). `T` types the result (it is not validated at run time).
 */
function json<T = unknown>(table: string, key: DynamoKey | IdFunction<DynamoKey>, options: DynamoOptions & Optional): Reference<T | undefined>
function json<T = unknown>(table: string, key: DynamoKey | IdFunction<DynamoKey>, options?: DynamoOptions): Reference<T>
function json<T = unknown>(table: string, key: DynamoKey | IdFunction<DynamoKey>, options?: DynamoOptions): Reference<T | undefined> {
  return itemReference('dynamo.json()', table, key, options, 'json')
}

dynamo.json = json

export { dynamo }
