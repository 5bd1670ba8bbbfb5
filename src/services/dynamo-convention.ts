/**
 * A DynamoDB-backed service convention: one item per service and stage (partition key the
 * service's name, sort key the stage) holds the endpoint and other non-secret fields; the
 * API key stays in Secrets Manager.
 */
import { describeValue, propertyPath } from '../core/describe.js'
import { declarationMapProblem } from '../core/keys.js'
import { InputError } from '../core/problem.js'
import { isObject } from '../core/values.js'
import { checkTable } from '../sources/dynamodb/table.js'
import { unknownPlaceholderOf } from './template.js'

/** Where services live in a DynamoDB table. Only `table` is required. */
export interface DynamoConvention {
  /** The table (name, or ARN for another account or Region) holding one item per service and stage. */
  table: string
  /** Partition key attribute, holding the service's name (default `service`). */
  partitionKey?: string
  /** Sort key attribute, holding the stage (default `stage`). */
  sortKey?: string
  /** Attribute holding the endpoint, a string (default `endpoint`). */
  endpointAttribute?: string
  /** Secrets Manager secret holding the API key (default `{service}/{stage}/api-key`). */
  apiKey?: string
  /** Read the items with strong consistency (default `false`). */
  consistentRead?: boolean
}

export const DYNAMO_CONVENTION_DEFAULTS = {
  partitionKey: 'service',
  sortKey: 'stage',
  endpointAttribute: 'endpoint',
  apiKey: '{service}/{stage}/api-key',
} as const

/** How a further attribute of a service's item is read: as text (as `dynamo()`), or as data (as `dynamo.json()`). */
export type AttributeDecoding = 'string' | 'json'

const FIELDS = ['table', 'partitionKey', 'sortKey', 'endpointAttribute', 'apiKey', 'consistentRead']
const ATTRIBUTE_FIELDS = ['partitionKey', 'sortKey', 'endpointAttribute'] as const
const CONVENTION_FIELDS = new Set(['endpoint', 'apiKey'])

export const isDynamoConvention = (convention: object | undefined): convention is DynamoConvention =>
  convention !== undefined && Object.hasOwn(convention, 'table')

const isAttributeName = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 255

/** Validates a DynamoDB convention; every mistake names its field. */
export function checkDynamoConvention(caller: string, convention: Record<string, unknown>): DynamoConvention {
  for (const name of Object.keys(convention)) {
    if (!FIELDS.includes(name))
      throw new InputError(caller, `${propertyPath('convention', name)} is not a field of a DynamoDB convention (${FIELDS.join(', ')})`)
  }
  checkTable(`${caller}: convention.table`, convention.table)
  for (const name of ATTRIBUTE_FIELDS) {
    const value = convention[name]
    if (value !== undefined && !isAttributeName(value))
      throw new InputError(caller, `convention.${name} must be an attribute name of 1-255 characters, got ${describeValue(value)}`)
  }
  const { partitionKey = DYNAMO_CONVENTION_DEFAULTS.partitionKey, sortKey = DYNAMO_CONVENTION_DEFAULTS.sortKey, apiKey, consistentRead } = convention
  if (partitionKey === sortKey) throw new InputError(caller, `convention.partitionKey and convention.sortKey name the same attribute`)
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === ''))
    throw new InputError(caller, `convention.apiKey must be a template string like ${JSON.stringify(DYNAMO_CONVENTION_DEFAULTS.apiKey)}`)
  const unknown = typeof apiKey === 'string' ? unknownPlaceholderOf(apiKey) : undefined
  if (unknown !== undefined) throw new InputError(caller, `convention.apiKey has unknown placeholder {${unknown}} (use {service} and {stage})`)
  if (consistentRead !== undefined && typeof consistentRead !== 'boolean') throw new InputError(caller, `convention.consistentRead must be a boolean`)
  return { ...(convention as unknown as DynamoConvention) }
}

/** Validates a service's `attributes`: attribute names to `'string'` or `'json'`, clashing with no convention field. */
export function checkAttributes(caller: string, attributes: unknown): void {
  if (!isObject(attributes)) {
    throw new InputError(caller, `option "attributes" must be an object of attribute names to 'string' or 'json'`)
  }
  // Each attribute becomes a field of the service's object.
  const problem = declarationMapProblem(attributes)
  if (problem) throw new InputError(caller, `option "attributes" ${problem}`)
  for (const [name, decoding] of Object.entries(attributes)) {
    if (!isAttributeName(name)) throw new InputError(caller, `option "attributes" has an attribute name of ${name.length} characters (allowed: 1-255)`)
    if (CONVENTION_FIELDS.has(name)) throw new InputError(caller, `option "attributes" cannot declare "${name}", a field the convention already gives`)
    if (decoding !== 'string' && decoding !== 'json')
      throw new InputError(caller, `${propertyPath('attributes', name)} must be 'string' or 'json', got ${describeValue(decoding)}`)
  }
}
