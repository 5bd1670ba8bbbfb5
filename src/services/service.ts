/**
 * `service()`: one declaration per remote service. A naming convention turns a service
 * and a stage into the service's entries (its endpoint in SSM, its API key in Secrets
 * Manager, plus declared extras); they are fetched, cached and reported exactly like raw
 * references, and resolve to one object on the context.
 */
import { describeValue, propertyPath, quote } from '../core/describe.js'
import { declarationMapProblem } from '../core/keys.js'
import { InputError } from '../core/problem.js'
import { COMMON_OPTIONS, type Declared, type Reference, type ValueOf, validateOptions } from '../core/reference.js'
import { type AssumeRoleOptions, checkAssumeRole } from '../core/role.js'
import { isObject } from '../core/values.js'
import { type AttributeDecoding, checkAttributes, checkDynamoConvention, type DynamoConvention } from './dynamo-convention.js'
import { isServiceName } from './names.js'
import { fillTemplate, unknownPlaceholderOf } from './template.js'

/** Where a service's entries live: templates with `{service}` and `{stage}` placeholders. */
export interface Convention {
  /** SSM parameter holding the endpoint (default `/{service}/{stage}/endpoint`). */
  endpoint?: string
  /** Secrets Manager secret holding the API key (default `{service}/{stage}/api-key`). */
  apiKey?: string
}

/** Either convention: SSM and Secrets Manager templates, or a DynamoDB table (`{ table }`). */
export type ServiceConvention = Convention | DynamoConvention

export const DEFAULT_CONVENTION: Required<Convention> = {
  endpoint: '/{service}/{stage}/endpoint',
  apiKey: '{service}/{stage}/api-key',
}

/** The environment variable that names the stage (a locator, such as `prod`, never a value). */
export const STAGE_ENV = 'MIDDY_REGISTRY_STAGE'

/** A service and stage, for building extra fields' references. */
export interface ServiceLocation {
  readonly service: string
  readonly stage: string
}

/** A convention template with a service's name and stage filled in. */
export const fillConvention: (template: string, location: ServiceLocation) => string = fillTemplate

/** The names of a service's entries under a convention (the default's templates where it sets none). */
export function locationOf(location: ServiceLocation, convention: Convention = {}): Required<Convention> {
  return {
    endpoint: fillConvention(convention.endpoint ?? DEFAULT_CONVENTION.endpoint, location),
    apiKey: fillConvention(convention.apiKey ?? DEFAULT_CONVENTION.apiKey, location),
  }
}

/** Field name → reference; or a function of the service's location that returns them. */
/** One entry a registry fetches: a context key, or one field of a service under a key. */
export interface Declaration {
  readonly key: string
  readonly reference: Reference
  /** For a service's entries: the field on the service's object, and the service's name. */
  readonly field?: string
  readonly service?: string
}

/** What a registry says about services: the default stage and convention. */
export interface ServiceSettings {
  readonly stage?: string
  readonly convention?: ServiceConvention
}

export type FieldMap = Record<string, Reference<unknown>>
export type Fields = FieldMap | ((location: ServiceLocation) => FieldMap)

export interface ServiceOptions {
  /** The stage (default: the registry's `stage`, then `MIDDY_REGISTRY_STAGE`). */
  stage?: string
  /** Read the API key too (default `true`). */
  apiKey?: boolean
  /**
   * Overrides the registry's convention for this service: merged field by field with a
   * convention of the same kind, replacing one of the other kind.
   * @defaultValue the registry's `convention`
   */
  convention?: ServiceConvention
  /**
   * With a DynamoDB convention: more attributes of the service's item, each a field of the
   * same name, read as `'string'` (S or N, as text) or `'json'` (as data). One read serves them all.
   * @defaultValue none
   */
  attributes?: Readonly<Record<string, AttributeDecoding>>
  /**
   * More fields beside the convention's: timeouts, versions, flags…
   * @defaultValue none
   */
  extra?: Fields
  /**
   * The service's fields exactly, instead of the convention (e.g. a legacy service).
   * @defaultValue none: the convention's fields
   */
  fields?: Fields
  /**
   * Milliseconds each field of the service is served from cache.
   * @defaultValue the registry's `cacheExpiry`
   */
  cacheExpiry?: number
  /**
   * Milliseconds past expiry each field's last good value may still be served.
   * @defaultValue the registry's `maxStale`
   */
  maxStale?: number
  /**
   * Read the service's entries through this role.
   * @defaultValue the registry's `assumeRole`
   */
  assumeRole?: AssumeRoleOptions
}

type FieldValues<M> = M extends (location: ServiceLocation) => infer R ? FieldValues<R> : { -readonly [K in keyof M]: ValueOf<M[K]> }
type Convened<O> = { endpoint: string } & (O extends { apiKey: false } ? unknown : { apiKey: string })
type Extra<O> = O extends { extra: infer E } ? FieldValues<E> : unknown
type AttributeValues<A> = { -readonly [K in keyof A]: A[K] extends 'json' ? unknown : string }
type Attributes<O> = O extends { attributes: infer A } ? AttributeValues<A> : unknown
type Flatten<T> = { [K in keyof T]: T[K] }

/** The object a `service()` resolves to. */
export type ServiceValue<O> = Flatten<O extends { fields: infer M } ? FieldValues<M> : Convened<O> & Attributes<O> & Extra<O>>

export interface ServiceReference<T = unknown> extends Declared<T> {
  readonly name: string
  readonly options: Readonly<ServiceOptions>
  /**
   * Turns the service into its entries. Carried by the declaration, so that the convention
   * code (and the sources it reads from) is bundled only where `service()` is used.
   * @internal
   */
  readonly expand: (key: string, declared: ServiceReference, settings: ServiceSettings) => Declaration[]
}

const OPTION_NAMES = ['stage', 'apiKey', 'convention', 'attributes', 'extra', 'fields', 'cacheExpiry', 'maxStale', 'assumeRole']

export function checkServiceOptions(caller: string, options: Record<string, unknown>): void {
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.includes(name)) throw new InputError(caller, `unknown option ${quote(name)} (allowed: ${OPTION_NAMES.join(', ')})`)
  }
  const { stage, apiKey, fields, extra, convention, attributes, assumeRole, cacheExpiry, maxStale } = options
  if (stage !== undefined && !isServiceName(stage))
    throw new InputError(caller, `option "stage" must be 1-128 letters, digits or _ . -, got ${describeValue(stage)}`)
  if (apiKey !== undefined && typeof apiKey !== 'boolean') throw new InputError(caller, `option "apiKey" must be a boolean`)
  if (fields !== undefined && (extra !== undefined || apiKey !== undefined || convention !== undefined || attributes !== undefined)) {
    throw new InputError(caller, `option "fields" replaces the convention, so it cannot be combined with "extra", "apiKey", "convention" or "attributes"`)
  }
  for (const [name, value] of [
    ['fields', fields],
    ['extra', extra],
  ] as const) {
    if (value !== undefined && typeof value !== 'function' && (typeof value !== 'object' || value === null))
      throw new InputError(caller, `option "${name}" must be an object of references or a function returning one`)
    // Field names become properties of the service's object; a function's are checked when it is called.
    const problem = typeof value === 'object' ? declarationMapProblem(value) : undefined
    if (problem) throw new InputError(caller, `option "${name}" ${problem}`)
  }
  if (convention !== undefined) checkServiceConvention(caller, convention)
  if (attributes !== undefined) checkAttributes(caller, attributes)
  if (assumeRole !== undefined) checkAssumeRole(caller, assumeRole)
  validateOptions(caller, { cacheExpiry, maxStale }, { cacheExpiry: COMMON_OPTIONS.cacheExpiry, maxStale: COMMON_OPTIONS.maxStale })
}

/** Validates convention templates: only `{service}` and `{stage}` placeholders. */
export function checkConvention(caller: string, convention: unknown): Convention {
  if (typeof convention !== 'object' || convention === null) throw new InputError(caller, `option "convention" must be an object like { endpoint, apiKey }`)
  for (const [name, template] of Object.entries(convention)) {
    if (name !== 'endpoint' && name !== 'apiKey')
      throw new InputError(caller, `${propertyPath('convention', name)} is not a field of the convention (endpoint, apiKey)`)
    if (typeof template !== 'string' || template === '')
      throw new InputError(caller, `convention.${name} must be a template string like ${JSON.stringify(DEFAULT_CONVENTION[name])}`)
    const unknown = unknownPlaceholderOf(template)
    if (unknown !== undefined) throw new InputError(caller, `convention.${name} has unknown placeholder {${unknown}} (use {service} and {stage})`)
  }
  return { ...(convention as Convention) }
}

/** Validates either convention: a DynamoDB one when it names a `table`, templates otherwise. */
export function checkServiceConvention(caller: string, convention: unknown): ServiceConvention {
  if (isObject(convention) && Object.hasOwn(convention, 'table')) return checkDynamoConvention(caller, convention as Record<string, unknown>)
  return checkConvention(caller, convention)
}
