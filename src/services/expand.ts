import { describeValue, propertyPath, quote } from '../core/describe.js'
import { declarationMapProblem } from '../core/keys.js'
import { createReference, isReference, type Reference, type ReferenceOptions } from '../core/reference.js'
import { dynamo } from '../sources/dynamodb/declare.js'
import { secret } from '../sources/secrets-manager/declare.js'
import { ssm } from '../sources/ssm/declare.js'
import { type AttributeDecoding, DYNAMO_CONVENTION_DEFAULTS, type DynamoConvention, isDynamoConvention } from './dynamo-convention.js'
import {
  checkServiceConvention,
  DEFAULT_CONVENTION,
  type Declaration,
  type Fields,
  type ServiceConvention,
  type ServiceLocation,
  type ServiceOptions,
  type ServiceReference,
  type ServiceSettings,
  STAGE_ENV,
} from './service.js'
import { fillTemplate } from './template.js'

/** The service's own cache and role settings apply to every field that sets none of its own. */
function withServiceOptions(reference: Reference, defaults: ReferenceOptions): Reference {
  const options = { ...defaults, ...reference.options }
  return createReference({ ...reference, options })
}

/** The fields an option declares; a function's result is checked here, as service() checked an object's. */
function fieldsOf(name: 'fields' | 'extra', fields: Fields, location: ServiceLocation): Record<string, unknown> {
  const declared: unknown = typeof fields === 'function' ? fields(location) : fields
  if (typeof declared !== 'object' || declared === null) throw new TypeError(`option "${name}" gave ${describeValue(declared)}, not an object of references`)
  const problem = declarationMapProblem(declared)
  if (problem) throw new TypeError(`option "${name}" gave an object that ${problem}`)
  return declared as Record<string, unknown>
}

/** A service's own convention refines the registry's of the same kind, and replaces one of the other kind. */
function conventionOf(registry: ServiceConvention | undefined, own: ServiceConvention | undefined): ServiceConvention {
  if (!own) return registry ?? {}
  if (!registry || isDynamoConvention(own) !== isDynamoConvention(registry)) return own
  return { ...registry, ...own }
}

/** The fields a convention gives a service, before its `extra` ones. */
function conventionFields(convention: ServiceConvention, location: ServiceLocation, options: ServiceOptions): Record<string, unknown> {
  if (isDynamoConvention(convention)) return dynamoServiceFields(convention, location, options)
  if (options.attributes) throw new TypeError('option "attributes" reads attributes of the service\'s DynamoDB item: it needs a convention with a table')
  const templates = { ...DEFAULT_CONVENTION, ...convention }
  return {
    endpoint: ssm(fillTemplate(templates.endpoint, location)),
    ...(options.apiKey === false ? {} : { apiKey: secret(fillTemplate(templates.apiKey, location)) }),
  }
}

/** A service's entries, one per field, through its convention or its declared fields. */
export function expandService(key: string, declared: ServiceReference, settings: ServiceSettings): Declaration[] {
  const { name, options } = declared
  const where = `${propertyPath('fetch', key)} (service ${quote(name)})`
  const stage = options.stage ?? settings.stage ?? process.env[STAGE_ENV]
  // Fixed fields need no stage; the convention and field functions do.
  const needsStage = typeof options.fields !== 'object'
  if (!stage && needsStage) throw new TypeError(`registry(): ${where} has no stage: give { stage } to service() or registry(), or set ${STAGE_ENV}`)
  const location = { service: name, stage: stage ?? '' }
  const registryConvention = settings.convention && checkServiceConvention('registry()', settings.convention)
  const convention = conventionOf(registryConvention, options.convention)
  let fields: Record<string, unknown>
  try {
    fields = options.fields
      ? fieldsOf('fields', options.fields, location)
      : { ...conventionFields(convention, location, options), ...(options.extra ? fieldsOf('extra', options.extra, location) : {}) }
  } catch (error) {
    // A convention that yields an invalid name: say which service and option produced it.
    throw new TypeError(`registry(): ${where}: ${(error as Error).message}`)
  }
  const defaults: ReferenceOptions = Object.fromEntries(
    (['cacheExpiry', 'maxStale', 'assumeRole'] as const).filter((option) => options[option] !== undefined).map((option) => [option, options[option]]),
  )
  return Object.entries(fields).map(([field, reference]) => {
    if (!isReference(reference)) throw new TypeError(`registry(): ${where}: field ${quote(field)} is not a reference; declare it with ssm() or secret()`)
    return { key, field, service: name, reference: withServiceOptions(reference, defaults) }
  })
}

/**
 * A service's references under a DynamoDB convention: the endpoint and each declared
 * attribute from its item (one read for all of them), the API key from Secrets Manager.
 */
function dynamoServiceFields(
  convention: DynamoConvention,
  location: ServiceLocation,
  options: { readonly apiKey?: boolean; readonly attributes?: Readonly<Record<string, AttributeDecoding>> },
): Record<string, Reference> {
  const { table, partitionKey, sortKey, endpointAttribute, apiKey, consistentRead } = { ...DYNAMO_CONVENTION_DEFAULTS, ...convention }
  const key = { partition: location.service, sort: location.stage }
  const read = (attribute: string, decoding: AttributeDecoding): Reference =>
    (decoding === 'json' ? dynamo.json : dynamo)(table, key, { partitionKey, sortKey, attribute, ...(consistentRead ? { consistentRead } : {}) })
  return {
    endpoint: read(endpointAttribute, 'string'),
    ...(options.apiKey === false ? {} : { apiKey: secret(fillTemplate(apiKey, location)) }),
    ...Object.fromEntries(Object.entries(options.attributes ?? {}).map(([name, decoding]) => [name, read(name, decoding)])),
  }
}
