import { type AttributeValue, BinaryAttributeError, type Item, typeOf, unmarshal } from '../../aws/attribute-value.js'
import { type Decoded, deepFreeze, parseFrozenJson } from '../../core/decode.js'
import { type FetchFailed, failed, type RawPayload } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'

const value = (decoded: unknown): Decoded => ({ ok: true, value: decoded, masked: false })

function asText(attribute: AttributeValue, where: string): Decoded | FetchFailed {
  // A number's text exactly as DynamoDB holds it: no rounding through a JavaScript number.
  const text = attribute.S ?? attribute.N
  if (text !== undefined) return value(text)
  return failed('AttributeTypeMismatch', `${where} is of type ${typeOf(attribute)}; dynamo() reads S and N attributes, dynamo.json() the others`)
}

function asData(attribute: AttributeValue, where: string): Decoded | FetchFailed {
  if (attribute.S !== undefined) {
    const parsed = parseFrozenJson(attribute.S)
    return parsed.ok ? value(parsed.value) : failed('InvalidJSON', `${where} is a string that ${parsed.problem}`)
  }
  try {
    return value(unmarshal(attribute))
  } catch (error) {
    const problem = error instanceof BinaryAttributeError ? 'holds binary data (B or BS)' : 'holds a type of attribute value'
    return failed('AttributeTypeMismatch', `${where} ${problem}, which dynamo.json() does not read`)
  }
}

/**
 * The value of the attribute a DynamoDB reference names, from the whole item: text for
 * `dynamo()`, data for `dynamo.json()`; frozen, as every cached value.
 */
/** One DynamoDB item, every attribute in DynamoDB's format: each reference decodes the attribute it names. */
export interface RawItem extends RawPayload {
  readonly kind: 'item'
  readonly item: Item
}

export function decodeItem(raw: RawItem, reference: Reference): Decoded | FetchFailed {
  const decoded = decodeAttribute(raw, reference)
  return decoded.ok ? { ...decoded, value: deepFreeze(decoded.value) } : decoded
}

function decodeAttribute(raw: RawItem, reference: Reference): Decoded | FetchFailed {
  const { attribute = 'value', optional } = reference.options
  const where = `attribute ${attribute} of item ${reference.id}`
  if (!Object.hasOwn(raw.item, attribute)) {
    return optional ? value(undefined) : failed('AttributeNotFound', `item ${reference.id} has no attribute ${attribute}`)
  }
  const attributeValue = raw.item[attribute]!
  return reference.decoding === 'json' ? asData(attributeValue, where) : asText(attributeValue, where)
}
