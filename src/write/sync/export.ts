/**
 * `export`: a registry file of what AWS holds for one stage. Services are found through
 * the convention, parameters under the paths asked for, secrets under the name prefixes
 * asked for, items in the tables asked for. No secret value is read: secrets (and
 * SecureStrings) are written `{ declared: true }`, so the file says they must exist.
 */

import { REGISTRY_FILE_VERSION } from '../../registry-file/format.js'
import { isDynamoConvention } from '../../services/dynamo-convention.js'
import { endpointListing } from '../../services/listing.js'
import { type Convention, locationOf, type ServiceConvention } from '../../services/service.js'
import { parametersUnder, parameterTags } from '../store/aws/parameters.js'
import { secretExists, secretNamesUnder } from '../store/aws/secrets.js'
import { type Send, sender } from '../store/aws/send.js'
import { awsStore } from '../store/aws/store.js'
import type { ListedParameter, RegistryAccess } from '../store/store.js'
import { exportDynamoServices, exportTables } from './export-dynamo.js'
import { serviceEntry } from './export-service.js'

export interface ExportOptions {
  readonly stage: string
  /** SSM paths whose parameters (recursively) become the stage's `parameters`. */
  readonly paths: readonly string[]
  /** Name prefixes whose secrets become the stage's `secrets`, declared. */
  readonly secretPrefixes: readonly string[]
  /** DynamoDB tables whose items become the stage's `dynamo`. */
  readonly tables: readonly string[]
  readonly convention?: ServiceConvention
  readonly access: RegistryAccess
}

/** The file's content as plain data, ready to be written as JSON or YAML. */
export type ExportedFile = { version: typeof REGISTRY_FILE_VERSION; convention?: ServiceConvention; stages: Record<string, ExportedStage> }
export type ExportedStage = {
  services?: Record<string, unknown>
  parameters?: Record<string, unknown>
  secrets?: Record<string, unknown>
  dynamo?: Record<string, unknown[]>
}

export interface ExportResult {
  /** Where it was read: `AWS (eu-west-1, account 111111111111)`, `http://127.0.0.1:5000 (not AWS, eu-west-1)`. */
  readonly source: string
  readonly file: ExportedFile
  /** What was left out, and why (printed on stderr). */
  readonly warnings: readonly string[]
}

const DECLARED = { declared: true } as const
const sorted = <T>(entries: Iterable<readonly [string, T]>): Record<string, T> => Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)))
const withTags = (tags: Record<string, string>) => (Object.keys(tags).length === 0 ? {} : { tags })

async function ssmServices(send: Send, options: ExportOptions, convention: Convention | undefined, warnings: string[]) {
  const listing = endpointListing(convention, options.stage)
  const found = (await parametersUnder(send, listing.path)).flatMap((parameter) => {
    const service = listing.serviceOf(parameter.name)
    return service === undefined || parameter.type !== 'String' ? [] : [{ service, parameter }]
  })
  const services: [string, unknown][] = []
  const kept: ListedParameter[] = []
  const apiKeys: string[] = []
  for (const { service, parameter } of found) {
    const entry = serviceEntry(parameter.value, warnings, `the endpoint parameter ${parameter.name}`)
    if (!entry) continue
    const apiKey = locationOf({ service, stage: options.stage }, convention).apiKey
    const [tags, hasKey] = await Promise.all([parameterTags(send, parameter.name), secretExists(send, apiKey)])
    if (hasKey) apiKeys.push(apiKey)
    kept.push(parameter)
    services.push([service, { ...entry, ...(hasKey ? { apiKey: DECLARED } : {}), ...withTags(tags) }])
  }
  return { services, endpointNames: kept.map(({ name }) => name), apiKeys }
}

function parameterEntry({ type, value }: ListedParameter, tags: Record<string, string>): unknown {
  // A SecureString is declared: its value is a secret, and is never read.
  if (type === 'SecureString') return { secure: DECLARED }
  const text = type === 'StringList' ? value.split(',') : value
  return Object.keys(tags).length === 0 ? text : { value: text, tags }
}

async function parameters(send: Send, paths: readonly string[], skip: ReadonlySet<string>): Promise<[string, unknown][]> {
  const listed = new Map<string, ListedParameter>()
  for (const path of paths) for (const parameter of await parametersUnder(send, path)) if (!skip.has(parameter.name)) listed.set(parameter.name, parameter)
  const entries: [string, unknown][] = []
  for (const parameter of listed.values()) {
    const tags = parameter.type === 'SecureString' ? {} : await parameterTags(send, parameter.name)
    entries.push([parameter.name, parameterEntry(parameter, tags)])
  }
  return entries
}

/** Reads the stage from AWS and returns its registry file. */
export async function exportRegistry(options: ExportOptions): Promise<ExportResult> {
  const send = sender(options.access)
  // Asked while the stage is read: an account lookup adds no wait.
  const source = awsStore(options.access).describe()
  const warnings: string[] = []
  const { convention } = options
  const dynamoConvention = convention && isDynamoConvention(convention) ? convention : undefined
  const serviceRead = dynamoConvention
    ? await exportDynamoServices(send, dynamoConvention, options.stage, warnings)
    : await ssmServices(send, options, convention as Convention | undefined, warnings)
  const skipParameters = new Set(serviceRead.endpointNames)
  const skipSecrets = new Set(serviceRead.apiKeys)
  const secretNames = (await Promise.all(options.secretPrefixes.map((prefix) => secretNamesUnder(send, prefix))))
    .flat()
    .filter((name) => !skipSecrets.has(name))
  const stage: ExportedStage = {
    services: sorted(serviceRead.services),
    parameters: sorted(await parameters(send, options.paths, skipParameters)),
    secrets: sorted(secretNames.map((name) => [name, DECLARED] as const)),
    dynamo: sorted(await exportTables(send, options.tables, warnings)),
  }
  // Empty sections are left out: the file shows only what the stage has.
  const present = Object.fromEntries(Object.entries(stage).filter(([, members]) => Object.keys(members).length > 0))
  const file: ExportedFile = { version: REGISTRY_FILE_VERSION, ...(convention ? { convention } : {}), stages: { [options.stage]: present } }
  return { source: await source, file, warnings }
}
