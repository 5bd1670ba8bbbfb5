/**
 * DynamoDB tables and item locations: the checks and helpers that readers, the local
 * registry and registry files share, apart from `dynamo()` so that none of them pulls the
 * DynamoDB source into a bundle that declares no DynamoDB reference.
 */
import { parseArn } from '../../aws/arn.js'
import { describeValue, firstInvalidCharacter, quote } from '../../core/describe.js'
import { InputError } from '../../core/problem.js'
import type { Reference } from '../../core/reference.js'

/** Where an item lives: its table (name or ARN) and its key attributes, partition key first. */
export interface ItemLocation {
  readonly table: string
  readonly key: Readonly<Record<string, string | number>>
}

// DynamoDB's limits: table names of 3-255 letters, digits, _ . -; key values of at most
// 2048 bytes (partition) and 1024 bytes (sort), never empty.
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/

function checkTableName(caller: string, name: string, what: string): void {
  if (TABLE_NAME.test(name)) return
  const problem =
    name.length < 3 || name.length > 255
      ? `has ${name.length} character${name.length === 1 ? '' : 's'}`
      : `has ${firstInvalidCharacter(name, /[a-zA-Z0-9_.-]/)}`
  // A table's name is a locator, not a value: quoted, so the message says which one.
  throw new InputError(caller, `${what} ${name === '' ? 'is empty' : `${quote(name)} ${problem}`}; it must be 3-255 letters, digits or _ . -`)
}

/** Validates a table name, or a table ARN (which must name its Region and account). */
export function checkTable(caller: string, table: unknown): string {
  if (typeof table !== 'string') throw new InputError(caller, `the table must be a table name or ARN, got ${describeValue(table)}`)
  const arn = parseArn(table)
  if (!arn) {
    checkTableName(caller, table, 'the table name')
    return table
  }
  if (arn.service !== 'dynamodb' || !arn.resource.startsWith('table/')) {
    throw new InputError(caller, `the table ARN ${quote(table)} is not a DynamoDB table ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME)`)
  }
  if (!arn.region || !arn.account) throw new InputError(caller, `the table ARN must name its Region and account (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME)`)
  checkTableName(caller, arn.resource.slice('table/'.length), 'the table name in the ARN')
  return table
}

/** The table's name: the table itself, or the name an ARN ends with. */
export function tableNameOf(table: string): string {
  const arn = parseArn(table)
  return arn ? arn.resource.slice('table/'.length) : table
}

// A reference's id is the table and the key as JSON, e.g. `registry {"pk":"orders"}`: it reads
// well in errors, tells the string "42" from the number 42, and a table never holds a space.
export const itemIdOf = ({ table, key }: ItemLocation) => `${table} ${JSON.stringify(key)}`

/** The table and key a DynamoDB reference reads. */
export function itemLocationOf(reference: Reference): ItemLocation {
  const space = reference.id.indexOf(' ')
  return { table: reference.id.slice(0, space), key: JSON.parse(reference.id.slice(space + 1)) as Record<string, string | number> }
}
