import { readFile } from 'node:fs/promises'
import { failed, type Outcome } from '../core/outcome.js'
import type { Reference, Source } from '../core/reference.js'
import { failEach } from '../core/source.js'
import { isObject } from '../core/values.js'
import { readConfiguration } from '../sources/appconfig/local.js'
import { readInstances } from '../sources/cloud-map/local.js'
import { readDatabaseToken } from '../sources/database-tokens/local.js'
import { readItem } from '../sources/dynamodb/local.js'
import { readObject } from '../sources/s3/local.js'
import { readSecret } from '../sources/secrets-manager/local.js'
import { readParameter, readPath } from '../sources/ssm/local.js'
import { LocalFileProblem, localRegistryContent } from './file.js'

/**
 * A local registry file: SSM names and secret ids mapped to values. A string is a
 * String, an array a StringList, anything else is stored as its JSON text. Pinned
 * versions are separate keys: `"/orders/prod/endpoint:3"`, `"db/prod:AWSPREVIOUS"`.
 * Each other backend reads a section of its own, which it checks itself.
 */
export interface LocalRegistryFile {
  [section: string]: unknown
  parameters?: Record<string, unknown>
  secrets?: Record<string, unknown>
  /** Cloud Map services by `namespace/service`, each an array of `{ id, attributes }` (all healthy). */
  cloudMap?: Record<string, unknown>
  /** DynamoDB tables by name, each an array of items as plain JSON, e.g. `{ "pk": "orders", "value": "…" }`. */
  dynamo?: Record<string, unknown>
  /** S3 objects by `bucket/key`: text, other JSON as its text, base64 for `s3.binary()`; checked by the S3 source. */
  s3?: unknown
  /** AppConfig configurations by `application/environment/profile`: text, or data; checked by the AppConfig source. */
  appConfig?: unknown
  /** Database tokens by `host:port/user` (RDS) or `host`, `host/admin` (DSQL); a placeholder for the others. */
  databaseTokens?: unknown
}

/** The file's sections: the four the local registry has always checked, and any other a backend reads. */
type LocalRegistry = Readonly<Record<string, unknown>> & Readonly<Record<'parameters' | 'secrets' | 'cloudMap' | 'dynamo', Record<string, unknown>>>

function readEntry(registry: LocalRegistry, reference: Reference): Outcome {
  switch (reference.kind) {
    case 'secret':
      return readSecret(registry.secrets, reference)
    case 'path':
      return readPath(registry.parameters, reference)
    case 'database-token':
      return readDatabaseToken(registry.databaseTokens, reference)
    case 'configuration':
      return readConfiguration(registry.appConfig, reference)
    case 'instances':
      return readInstances(registry.cloudMap, reference)
    case 'item':
      return readItem(registry.dynamo, reference)
    case 'object':
      return readObject(registry.s3, reference)
    default:
      return readParameter(registry.parameters, reference)
  }
}

/** Why a file is not a registry, in words that never quote its contents. */
class InvalidRegistryFile extends Error {}

async function readRegistryFile(file: string): Promise<LocalRegistry> {
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
  return { ...parsed, parameters, secrets, cloudMap, dynamo }
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
      let registry: LocalRegistry
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
