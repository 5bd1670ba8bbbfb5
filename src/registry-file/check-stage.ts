/**
 * Checks one stage of the file: its services, parameters, secrets and DynamoDB items.
 */

import { parseArn } from '../aws/arn.js'
import { checkParameterName, checkSecretId } from '../aws/names.js'
import { describeValue } from '../core/describe.js'
import { problemOf } from '../core/problem.js'
import { isObject } from '../core/values.js'
import { isServiceName } from '../services/names.js'
import { checkTable } from '../sources/dynamodb/table.js'
import { checkEndpointAt, checkJsonAt, checkListAt, checkSecretSourceAt, checkTagsAt, checkTextAt, objectAt } from './check-values.js'
import type { ItemSpec, ParameterSpec, SecretSource, SecretSpec, ServiceSpec, StageSpec } from './format.js'
import type { FilePath } from './path-text.js'
import { problemAt } from './problem.js'

const SERVICE_FIELDS = ['endpoint', 'allowInsecure', 'apiKey', 'tags', 'attributes']
const PARAMETER_FIELDS = ['value', 'json', 'secure', 'keyId', 'tags']

/** What the stage's services may hold besides the convention's fields: attributes, with a DynamoDB convention. */
export interface ServiceRules {
  /** Attribute names a service's `attributes` may not use (the item's keys and endpoint); undefined: no attributes at all. */
  readonly reservedAttributes?: readonly string[]
}

function checkService(value: unknown, path: FilePath, rules: ServiceRules): ServiceSpec {
  const fields = objectAt(value, path, SERVICE_FIELDS)
  const { allowInsecure = false } = fields
  if (typeof allowInsecure !== 'boolean') problemAt([...path, 'allowInsecure'], `must be true or false, got ${describeValue(allowInsecure)}`)
  const endpoint = checkEndpointAt(fields.endpoint, [...path, 'endpoint'], allowInsecure as boolean)
  const attributes = fields.attributes === undefined ? {} : objectAt(fields.attributes, [...path, 'attributes'])
  if (Object.keys(attributes).length > 0 && rules.reservedAttributes === undefined) {
    problemAt([...path, 'attributes'], 'needs a DynamoDB convention (convention: { table }): with SSM, add parameters instead')
  }
  for (const name of Object.keys(attributes)) {
    if (rules.reservedAttributes?.includes(name))
      problemAt([...path, 'attributes', name], 'is an attribute the convention already writes (a key or the endpoint)')
    checkJsonAt(attributes[name], [...path, 'attributes', name])
  }
  return {
    endpoint,
    allowInsecure: allowInsecure as boolean,
    ...(fields.apiKey === undefined ? {} : { apiKey: checkSecretSourceAt(fields.apiKey, [...path, 'apiKey']) }),
    tags: checkTagsAt(fields.tags, [...path, 'tags']),
    attributes,
  }
}

/** A name to write: a valid name for `check`, not an ARN, with no version selector. */
function checkNameAt(name: string, path: FilePath, what: string, check: (name: string) => { selector: string }): void {
  if (parseArn(name)) problemAt(path, `is an ARN; the file names ${what}s in the account it is applied to`)
  let selector: string
  try {
    selector = check(name).selector
  } catch (error) {
    problemAt(path, `is not a valid ${what} name: ${problemOf(error)}`)
  }
  if (selector !== '') problemAt(path, `has a version selector (${selector}); the file names the ${what} itself`)
}

/** A KMS key for a SecureString that apply writes: a key id, key ARN or alias. */
function checkKeyId(value: unknown, path: FilePath, source: SecretSource): { keyId?: string } {
  if (value === undefined) return {}
  if ('declared' in source) problemAt(path, 'cannot be set on a declared SecureString: the file never writes it')
  if (typeof value !== 'string' || !/^[\w/:.-]{1,2048}$/.test(value))
    problemAt(path, `must be a KMS key id, key ARN or alias (alias/…), got ${describeValue(value)}`)
  return { keyId: value as string }
}

function checkParameter(value: unknown, path: FilePath): ParameterSpec {
  if (Array.isArray(value)) return { type: 'StringList', value: checkListAt(value, path), tags: {} }
  if (!isObject(value)) return { type: 'String', value: checkTextAt(value, path), tags: {} }
  const fields = objectAt(value, path, PARAMETER_FIELDS)
  const given = ['value', 'json', 'secure'].filter((name) => Object.hasOwn(fields, name))
  if (given.length !== 1) problemAt(path, 'must be a string, a list, or an object with exactly one of value, json and secure')
  const tags = checkTagsAt(fields.tags, [...path, 'tags'])
  if (Object.hasOwn(fields, 'secure')) {
    const source = checkSecretSourceAt(fields.secure, [...path, 'secure'])
    if ('declared' in source && Object.keys(tags).length > 0) problemAt([...path, 'tags'], 'cannot be set on a declared SecureString: the file never writes it')
    return { type: 'SecureString', source, tags, ...checkKeyId(fields.keyId, [...path, 'keyId'], source) }
  }
  if (fields.keyId !== undefined) problemAt([...path, 'keyId'], 'goes with secure only: other parameters are not encrypted')
  if (Object.hasOwn(fields, 'json'))
    return { type: 'String', value: checkTextAt(JSON.stringify(checkJsonAt(fields.json, [...path, 'json'])), [...path, 'json']), tags }
  if (isObject(fields.value)) problemAt([...path, 'value'], `must be a string or a list, got ${describeValue(fields.value)}`)
  return { ...checkParameter(fields.value, [...path, 'value']), tags }
}

function checkSecret(value: unknown, path: FilePath): SecretSpec {
  const source = checkSecretSourceAt(value, path, ['tags', 'binary'])
  const { tags: givenTags, binary = false } = value as Record<string, unknown>
  const tags = checkTagsAt(givenTags, [...path, 'tags'])
  if ('declared' in source && Object.keys(tags).length > 0) problemAt([...path, 'tags'], 'cannot be set on a declared secret: the file never writes it')
  if (typeof binary !== 'boolean') problemAt([...path, 'binary'], `must be true or false, got ${describeValue(binary)}`)
  return { source, tags, ...(binary ? { binary: true } : {}) }
}

function checkItems(value: unknown, path: FilePath): ItemSpec[] {
  if (!Array.isArray(value)) return problemAt(path, `must be a list of items, got ${describeValue(value)}`)
  return value.map((item, index) => {
    const fields = objectAt(item, [...path, index], undefined, 'an item (an object of attributes)')
    if (Object.keys(fields).length === 0) problemAt([...path, index], 'is an empty item')
    return checkJsonAt(fields, [...path, index]) as ItemSpec
  })
}

function checkTableAt(name: string, path: FilePath): void {
  try {
    checkTable('', name)
  } catch (error) {
    problemAt(path, `is not a valid table: ${problemOf(error)}`)
  }
}

function mapOf<T>(value: unknown, path: FilePath, check: (name: string, member: unknown, at: FilePath) => T): Record<string, T> {
  if (value === undefined) return {}
  const members = objectAt(value, path)
  return Object.fromEntries(Object.entries(members).map(([name, member]) => [name, check(name, member, [...path, name])]))
}

export function checkStage(value: unknown, path: FilePath, rules: ServiceRules): StageSpec {
  const fields = objectAt(value, path, ['services', 'parameters', 'secrets', 'dynamo'])
  return {
    services: mapOf(fields.services, [...path, 'services'], (name, member, at) => {
      if (!isServiceName(name)) problemAt(at, 'is not a valid service name: 1-128 letters, digits or _ . -')
      return checkService(member, at, rules)
    }),
    parameters: mapOf(fields.parameters, [...path, 'parameters'], (name, member, at) => {
      checkNameAt(name, at, 'parameter', (text) => checkParameterName('ssm()', text))
      return checkParameter(member, at)
    }),
    secrets: mapOf(fields.secrets, [...path, 'secrets'], (name, member, at) => {
      checkNameAt(name, at, 'secret', (text) => ({ selector: '', id: checkSecretId('secret()', text) }))
      return checkSecret(member, at)
    }),
    dynamo: mapOf(fields.dynamo, [...path, 'dynamo'], (name, member, at) => {
      checkTableAt(name, at)
      return checkItems(member, at)
    }),
  }
}
