import { readFile } from 'node:fs/promises'
import { parameterNameOf, parseArn } from '../../aws/arn.js'
import { marshal } from '../../aws/attribute-value.js'
import { failed, fetched, type Outcome } from '../../core/outcome.js'
import type { Reference, Source } from '../../core/reference.js'
import { failEach } from '../../core/source.js'
import { isObject } from '../../core/values.js'
import type { RawInstances } from '../cloud-map/decode.js'
import type { RawItem } from '../dynamodb/decode.js'
import { itemLocationOf, tableNameOf } from '../dynamodb/table.js'
import type { RawSecret } from '../secrets-manager/payload.js'
import type { RawParameter, RawPath } from '../ssm/payload.js'
import { LocalFileProblem, localRegistryContent } from './file.js'

/**
 * A local registry file: SSM names and secret ids mapped to values. A string is a
 * String, an array a StringList, anything else is stored as its JSON text. Pinned
 * versions are separate keys: `"/orders/prod/endpoint:3"`, `"db/prod:AWSPREVIOUS"`.
 */
export interface LocalRegistryFile {
  parameters?: Record<string, unknown>
  secrets?: Record<string, unknown>
  /** Cloud Map services by `namespace/service`, each an array of `{ id, attributes }` (all healthy). */
  cloudMap?: Record<string, unknown>
  /** DynamoDB tables by name, each an array of items as plain JSON, e.g. `{ "pk": "orders", "value": "…" }`. */
  dynamo?: Record<string, unknown>
}

const asText = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : JSON.stringify(value))

function readParameter(parameters: Record<string, unknown>, reference: Reference): Outcome {
  const arn = parseArn(reference.id)
  // By ARN, fall back to the bare name so that one offline file serves every account.
  const bareName = arn ? parameterNameOf(arn) : undefined
  const candidates = [reference.id, bareName].filter((name): name is string => name !== undefined)
  const name = candidates.map((candidate) => candidate + reference.selector).find((candidate) => Object.hasOwn(parameters, candidate))
  if (name === undefined) return failed('ParameterNotFound', `no parameter ${reference.id}${reference.selector} in the local registry`)
  const value = parameters[name]
  return fetched<RawParameter>({ kind: 'parameter', value: asText(value), type: Array.isArray(value) ? 'StringList' : 'String' })
}

function readPath(parameters: Record<string, unknown>, reference: Reference): Outcome {
  const prefix = reference.id === '/' ? '/' : `${reference.id}/`
  const entries = Object.entries(parameters)
    .filter(([name]) => name.startsWith(prefix) && !name.slice(prefix.length).includes(':'))
    .map(([name, value]) => ({ name: name.slice(prefix.length), value: asText(value), type: Array.isArray(value) ? 'StringList' : 'String' }))
    .filter(({ name }) => reference.options.recursive !== false || !name.includes('/'))
  return fetched<RawPath>({ kind: 'path', entries })
}

// A secret ARN's resource is `secret:NAME`, in full ARNs followed by `-` and 6 random characters.
function secretNamesOf(id: string): string[] {
  const arn = parseArn(id)
  if (!arn) return []
  const name = arn.resource.slice('secret:'.length)
  const withoutSuffix = /^(.+)-[a-zA-Z0-9]{6}$/.exec(name)?.[1]
  return withoutSuffix ? [name, withoutSuffix] : [name]
}

function readSecret(secrets: Record<string, unknown>, reference: Reference): Outcome {
  const pin = reference.options.versionId ?? reference.options.versionStage
  const suffix = pin && pin !== 'AWSCURRENT' ? `:${pin}` : ''
  // By ARN, fall back to the secret's name, as parameters do.
  const id = [reference.id, ...secretNamesOf(reference.id)].map((candidate) => candidate + suffix).find((candidate) => Object.hasOwn(secrets, candidate))
  if (id === undefined) return failed('ResourceNotFoundException', `no secret ${reference.id}${suffix} in the local registry`)
  const value = asText(secrets[id])
  // A binary secret is written in the file as base64 text.
  return fetched<RawSecret>(reference.decoding === 'binary' ? { kind: 'secret', binary: Buffer.from(value, 'base64') } : { kind: 'secret', string: value })
}

type LocalInstance = { id: string; attributes?: Record<string, string> }
const isLocalInstance = (value: unknown): value is LocalInstance =>
  isObject(value) &&
  typeof value.id === 'string' &&
  (value.attributes === undefined || (isObject(value.attributes) && Object.values(value.attributes).every((text) => typeof text === 'string')))

function readInstances(cloudMap: Record<string, unknown>, reference: Reference): Outcome {
  if (!Object.hasOwn(cloudMap, reference.id)) return failed('ServiceNotFound', `no Cloud Map service ${reference.id} in the local registry`)
  const listed = cloudMap[reference.id]
  if (!Array.isArray(listed) || !listed.every(isLocalInstance)) {
    return failed('LocalRegistryInvalid', `cloudMap entry ${reference.id} of the local registry must be an array of { id, attributes } with string attributes`)
  }
  const { healthStatus, queryParameters = {} } = reference.options
  const matches = ({ attributes = {} }: LocalInstance) => Object.entries(queryParameters).every(([name, value]) => attributes[name] === value)
  // Every local instance is healthy: only UNHEALTHY finds none.
  const instances = healthStatus === 'UNHEALTHY' ? [] : listed.filter(matches).map(({ id, attributes = {} }) => ({ id, attributes }))
  return fetched<RawInstances>({ kind: 'instances', instances })
}

function readItem(tables: Record<string, unknown>, reference: Reference): Outcome {
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

function readEntry(registry: Required<LocalRegistryFile>, reference: Reference): Outcome {
  switch (reference.kind) {
    case 'secret':
      return readSecret(registry.secrets, reference)
    case 'path':
      return readPath(registry.parameters, reference)
    case 'instances':
      return readInstances(registry.cloudMap, reference)
    case 'item':
      return readItem(registry.dynamo, reference)
    default:
      return readParameter(registry.parameters, reference)
  }
}

/** Why a file is not a registry, in words that never quote its contents. */
class InvalidRegistryFile extends Error {}

async function readRegistryFile(file: string): Promise<Required<LocalRegistryFile>> {
  const text = await readFile(file, 'utf8')
  let parsed: unknown
  try {
    // JSON or YAML; a registry-as-code file (with `stages`) comes back in this flat shape.
    parsed = await localRegistryContent(file, text, process.env)
  } catch (error) {
    throw new InvalidRegistryFile(error instanceof LocalFileProblem ? error.message : 'cannot be parsed')
  }
  const { parameters = {}, secrets = {}, cloudMap = {}, dynamo = {} } = isObject(parsed) ? parsed : {}
  if (!isObject(parsed) || !isObject(parameters) || !isObject(secrets) || !isObject(cloudMap) || !isObject(dynamo)) {
    throw new InvalidRegistryFile('must hold a JSON object whose "parameters", "secrets", "cloudMap" and "dynamo" are objects')
  }
  return { parameters, secrets, cloudMap, dynamo }
}

const sources = new Map<string, Source>()

/**
 * The local registry for offline development and the demo. The file is read at each
 * fetch (so edits show up once a value expires), and answers with AWS's error codes.
 */
export function localSource(file: string): Source {
  let source = sources.get(file)
  if (!source) {
    source = async (requests) => {
      let registry: Required<LocalRegistryFile>
      try {
        registry = await readRegistryFile(file)
      } catch (error) {
        // A parse error's message quotes the file, which holds values: say only what is wrong.
        const code = (error as { code?: string }).code
        const problem = error instanceof InvalidRegistryFile ? error.message : `cannot be read (${code ?? 'unknown error'})`
        const failure =
          code === 'ENOENT'
            ? failed('LocalRegistryNotFound', `the local registry file ${file} does not exist`)
            : failed('LocalRegistryInvalid', `the local registry file ${file} ${problem}`)
        return failEach(requests, failure)
      }
      return new Map(requests.map(({ fetchKey, reference }) => [fetchKey, readEntry(registry, reference)]))
    }
    sources.set(file, source)
  }
  return source
}
