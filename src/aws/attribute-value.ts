/**
 * DynamoDB's attribute values, as BatchGetItem sends and returns them, and their
 * conversion to plain JavaScript. Our own small converter rather than
 * `@aws-sdk/util-dynamodb`: decoding is synchronous, so it cannot wait for an optional
 * package to load, and a registry needs only the read direction of a handful of types.
 */

/** One attribute value in DynamoDB's wire format: exactly one member is set. */
export interface AttributeValue {
  readonly S?: string
  readonly N?: string
  readonly B?: Uint8Array
  readonly BOOL?: boolean
  readonly NULL?: boolean
  readonly M?: Readonly<Record<string, AttributeValue>>
  readonly L?: readonly AttributeValue[]
  readonly SS?: readonly string[]
  readonly NS?: readonly string[]
  readonly BS?: readonly Uint8Array[]
}

export type Item = Readonly<Record<string, AttributeValue>>

const TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'] as const

/** The type of an attribute value (`S`, `N`, `M`, …), as DynamoDB names it. */
export function typeOf(value: AttributeValue): string {
  return TYPES.find((type) => value[type] !== undefined) ?? 'unknown'
}

/** Binary data has no plain-JSON form (and a typed array cannot be frozen like cached values are). */
export class BinaryAttributeError extends Error {}

/**
 * The plain JavaScript form of an attribute value: S as string, N and NS as numbers (beyond
 * 2^53 they lose precision, as JSON numbers do), BOOL, NULL as null, M as an object, L and SS
 * as arrays. Throws BinaryAttributeError for B and BS, however deep.
 */
export function unmarshal(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S
  if (value.N !== undefined) return Number(value.N)
  if (value.BOOL !== undefined) return value.BOOL
  if (value.NULL !== undefined) return null
  if (value.M !== undefined) return Object.fromEntries(Object.entries(value.M).map(([name, member]) => [name, unmarshal(member)]))
  if (value.L !== undefined) return value.L.map(unmarshal)
  if (value.SS !== undefined) return [...value.SS]
  if (value.NS !== undefined) return value.NS.map(Number)
  if (value.B !== undefined || value.BS !== undefined) throw new BinaryAttributeError()
  throw new TypeError(`an attribute value of unknown type (${Object.keys(value).join(', ')})`)
}

/** The attribute value of plain JSON, as the local registry file writes items. */
export function marshal(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value }
  if (typeof value === 'number') return { N: String(value) }
  if (typeof value === 'boolean') return { BOOL: value }
  if (value === null || value === undefined) return { NULL: true }
  if (Array.isArray(value)) return { L: value.map(marshal) }
  return { M: Object.fromEntries(Object.entries(value as object).map(([name, member]) => [name, marshal(member)])) }
}

/** A key attribute's value: a string is S, a number N. */
export const keyAttribute = (value: string | number): AttributeValue => (typeof value === 'number' ? { N: String(value) } : { S: value })

// A number is compared by value: DynamoDB answers `1.50` as `1.5`.
const keyValueText = (value: AttributeValue | undefined): string =>
  value?.S !== undefined ? `S:${value.S}` : value?.N !== undefined ? `N:${Number(value.N)}` : `?:${typeOf(value ?? {})}`

/**
 * A key (or an item's key attributes) as one comparable string, over the given key
 * attribute names: how answered and unprocessed keys are matched to the requests.
 */
export function keyTextOf(item: Readonly<Record<string, AttributeValue>>, names: readonly string[]): string {
  return JSON.stringify(names.map((name) => [name, keyValueText(item[name])]))
}
