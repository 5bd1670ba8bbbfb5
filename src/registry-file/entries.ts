/**
 * The file as a flat list of registry entries (SSM parameters, secrets, DynamoDB items),
 * with each service turned into its entries by the convention. Two places in the file
 * that give one entry (a service's endpoint also written as a parameter, or a convention
 * without `{stage}`) are refused: the registry could hold only one of them.
 */

import { checkSecretId } from '../aws/names.js'
import { pathText, quote } from '../core/describe.js'
import { problemOf } from '../core/problem.js'
import { DYNAMO_CONVENTION_DEFAULTS, type DynamoConvention, isDynamoConvention } from '../services/dynamo-convention.js'
import { entryNamesOf } from '../services/entry-names.js'
import type { Convention } from '../services/service.js'
import { fillTemplate } from '../services/template.js'
import type { ItemSpec, RegistryFile, SecretSource, ServiceSpec, Tags } from './format.js'
import { problemAt, RegistryFileError } from './problem.js'

interface Placed {
  readonly stage: string
  /** Where the file gives it, e.g. `stages.prod.services.orders.endpoint`. */
  readonly origin: string
}

/** Where a secret's value comes from: as the file says, or handed over by a program (publishService's `apiKey`). */
export type ValueSource = SecretSource | { readonly given: true }

export type DesiredParameter = Placed & { readonly kind: 'parameter'; readonly name: string; readonly tags: Tags } & (
    | { readonly type: 'String' | 'StringList'; readonly value: string }
    | { readonly type: 'SecureString'; readonly source: ValueSource; readonly keyId?: string }
  )

export interface DesiredSecret extends Placed {
  readonly kind: 'secret'
  readonly name: string
  readonly source: ValueSource
  readonly tags: Tags
  /** Bytes: the value is given as base64, compared as bytes and written as a SecretBinary. */
  readonly binary?: true
  /** A service's API key: the service's name. */
  readonly service?: string
}

export interface DesiredItem extends Placed {
  readonly kind: 'item'
  readonly table: string
  readonly item: ItemSpec
}

export type DesiredEntry = DesiredParameter | DesiredSecret | DesiredItem

/** What a service becomes under an SSM convention: its endpoint parameter and API key secret. */
function ssmServiceEntries(service: string, stage: string, spec: ServiceSpec, convention: Convention | undefined, at: string): DesiredEntry[] {
  let names: { endpoint: string; apiKey: string }
  try {
    names = entryNamesOf(at, service, stage, convention)
  } catch (error) {
    throw new RegistryFileError((error as Error).message)
  }
  const endpoint: DesiredEntry = {
    kind: 'parameter',
    name: names.endpoint,
    type: 'String',
    value: spec.endpoint,
    tags: spec.tags,
    stage,
    origin: `${at}.endpoint`,
  }
  if (!spec.apiKey) return [endpoint]
  return [endpoint, { kind: 'secret', name: names.apiKey, source: spec.apiKey, tags: spec.tags, service, stage, origin: `${at}.apiKey` }]
}

/** What a service becomes under a DynamoDB convention: one item (endpoint and attributes), and the API key secret. */
function dynamoServiceEntries(service: string, stage: string, spec: ServiceSpec, convention: DynamoConvention, at: string): DesiredEntry[] {
  const { table, partitionKey, sortKey, endpointAttribute, apiKey } = { ...DYNAMO_CONVENTION_DEFAULTS, ...convention }
  const item = { ...spec.attributes, [partitionKey]: service, [sortKey]: stage, [endpointAttribute]: spec.endpoint }
  const entry: DesiredEntry = { kind: 'item', table, item, stage, origin: at }
  if (!spec.apiKey) return [entry]
  const name = fillTemplate(apiKey, { service, stage })
  try {
    checkSecretId('secret()', name)
  } catch (error) {
    throw new RegistryFileError(`${at}: convention.apiKey gives an invalid secret name: ${problemOf(error)}`)
  }
  return [entry, { kind: 'secret', name, source: spec.apiKey, tags: spec.tags, service, stage, origin: `${at}.apiKey` }]
}

function stageEntries(file: RegistryFile, stage: string): DesiredEntry[] {
  const spec = file.stages[stage]!
  const at = (...path: string[]) => pathText(['stages', stage, ...path])
  const convention = file.convention
  return [
    ...Object.entries(spec.services).flatMap(([service, serviceSpec]) =>
      convention && isDynamoConvention(convention)
        ? dynamoServiceEntries(service, stage, serviceSpec, convention, at('services', service))
        : ssmServiceEntries(service, stage, serviceSpec, convention as Convention | undefined, at('services', service)),
    ),
    ...Object.entries(spec.parameters).map(
      ([name, parameter]): DesiredEntry => ({ kind: 'parameter', name, ...parameter, stage, origin: at('parameters', name) }),
    ),
    ...Object.entries(spec.secrets).map(
      ([name, { source, tags, binary }]): DesiredEntry => ({
        kind: 'secret',
        name,
        source,
        tags,
        ...(binary ? { binary } : {}),
        stage,
        origin: at('secrets', name),
      }),
    ),
    ...Object.entries(spec.dynamo).flatMap(([table, items]) =>
      items.map((item, index): DesiredEntry => ({ kind: 'item', table, item, stage, origin: `${at('dynamo', table)}[${index}]` })),
    ),
  ]
}

/** Refuses two places in the file that name the same parameter or secret. */
function checkUnique(entries: readonly DesiredEntry[]): void {
  const seen = new Map<string, string>()
  for (const entry of entries) {
    if (entry.kind === 'item') continue
    const key = `${entry.kind} ${entry.name}`
    const first = seen.get(key)
    if (first !== undefined) problemAt([], `gives the ${entry.kind} ${entry.name} twice: at ${first} and at ${entry.origin}`)
    seen.set(key, entry.origin)
  }
}

/** Every entry the file gives, for all stages or one; a stage the file does not have is an error. */
export function entriesOf(file: RegistryFile, stage?: string): DesiredEntry[] {
  if (stage !== undefined && !Object.hasOwn(file.stages, stage))
    problemAt(['stages'], `has no stage ${quote(stage)} (it has: ${Object.keys(file.stages).join(', ') || 'none'})`)
  // Checked across every stage, so that a filtered run refuses the same file an unfiltered one would.
  const all = Object.keys(file.stages).flatMap((name) => stageEntries(file, name))
  checkUnique(all)
  return stage === undefined ? all : all.filter((entry) => entry.stage === stage)
}
