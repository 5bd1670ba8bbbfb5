import { readFile } from 'node:fs/promises'
import { parameterNameOf, parseArn } from '../references/arn.js'
import type { Reference } from '../references/reference.js'
import { failed, fetched, type Outcome } from './outcome.js'
import { failEach, type Source } from './source.js'

/** The environment variable that names a local registry file (a locator, never a value). */
export const LOCAL_REGISTRY_ENV = 'MIDDY_REGISTRY_LOCAL'

/**
 * A local registry file: SSM names and secret ids mapped to values. A string is a
 * String, an array a StringList, anything else is stored as its JSON text. Pinned
 * versions are separate keys: `"/orders/prod/endpoint:3"`, `"db/prod:AWSPREVIOUS"`.
 */
export interface LocalRegistryFile {
  parameters?: Record<string, unknown>
  secrets?: Record<string, unknown>
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
  return fetched({ kind: 'parameter', value: asText(value), type: Array.isArray(value) ? 'StringList' : 'String' })
}

function readPath(parameters: Record<string, unknown>, reference: Reference): Outcome {
  const prefix = reference.id === '/' ? '/' : `${reference.id}/`
  const entries = Object.entries(parameters)
    .filter(([name]) => name.startsWith(prefix) && !name.slice(prefix.length).includes(':'))
    .map(([name, value]) => ({ name: name.slice(prefix.length), value: asText(value), type: Array.isArray(value) ? 'StringList' : 'String' }))
    .filter(({ name }) => reference.options.recursive !== false || !name.includes('/'))
  return fetched({ kind: 'path', entries })
}

function readSecret(secrets: Record<string, unknown>, reference: Reference): Outcome {
  const pin = reference.options.versionId ?? reference.options.versionStage
  const id = pin && pin !== 'AWSCURRENT' ? `${reference.id}:${pin}` : reference.id
  if (!Object.hasOwn(secrets, id)) return failed('ResourceNotFoundException', `no secret ${id} in the local registry`)
  const value = asText(secrets[id])
  // A binary secret is written in the file as base64 text.
  return fetched(reference.decoding === 'binary' ? { kind: 'secret', binary: Buffer.from(value, 'base64') } : { kind: 'secret', string: value })
}

async function readRegistryFile(file: string): Promise<LocalRegistryFile> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError('the file must hold a JSON object')
  return parsed as LocalRegistryFile
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
      let registry: LocalRegistryFile
      try {
        registry = await readRegistryFile(file)
      } catch (error) {
        // A parse error's message quotes the file, which holds values: say only what is wrong.
        const missing = (error as { code?: string }).code === 'ENOENT'
        const failure = missing
          ? failed('LocalRegistryNotFound', `the local registry file ${file} does not exist`)
          : failed('LocalRegistryInvalid', `the local registry file ${file} is not a JSON object with "parameters" and "secrets"`)
        return failEach(requests, failure)
      }
      const { parameters = {}, secrets = {} } = registry
      return new Map(
        requests.map(({ fetchKey, reference }) => {
          const read = reference.kind === 'secret' ? readSecret(secrets, reference) : reference.kind === 'path' ? readPath(parameters, reference) : readParameter(parameters, reference)
          return [fetchKey, read]
        }),
      )
    }
    sources.set(file, source)
  }
  return source
}
