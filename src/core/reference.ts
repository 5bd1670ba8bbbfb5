import type { ClientScope, ServiceName } from './client-scope.js'
import { describeValue, quote } from './describe.js'
import type { Outcome, RawPayload } from './outcome.js'
import type { Located, PerInvocationId } from './per-invocation.js'
import { InputError } from './problem.js'
import { type AssumeRoleOptions, checkAssumeRole } from './role.js'
import { isObject } from './values.js'

/**
 * A reference is a frozen description of one registry entry: where it lives, how to
 * decode it and how long to cache it. References are plain data so that a `fetch` map
 * can be validated, compared and keyed without calling AWS.
 */

/** The built-in sources' names; a source defined with `defineSource()` has its own. */
export type BuiltInSourceName = 'ssm' | 'secretsmanager' | 'servicediscovery' | 'dynamodb'
/** Where a value lives, as errors and events name it. */
export type SourceName = BuiltInSourceName | (string & {})

/** What is fetched: one parameter, every parameter under a path, one secret, a Cloud Map service's instances, or one DynamoDB item. */
/** What is fetched, by the built-in sources' names; a new backend names its own kinds. */
export type ReferenceKind = 'parameter' | 'path' | 'secret' | 'instances' | 'item' | 'text' | (string & {})

/** How the fetched payload becomes the value the handler sees. */
export type Decoding = 'string' | 'list' | 'json' | 'record' | 'binary' | 'instances' | 'endpoint' | (string & {})

/** Which instances Cloud Map's DiscoverInstances returns, by health. */
export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'ALL' | 'HEALTHY_OR_ELSE_ALL'

/** Options every reference accepts. */
export interface CommonOptions {
  /**
   * Milliseconds a fetched value is served from cache; overrides the registry's `cacheExpiry`.
   * @defaultValue the registry's `cacheExpiry`
   */
  cacheExpiry?: number
  /**
   * Milliseconds past expiry the last good value may still be served while refreshing or through an outage; overrides the registry's `maxStale`.
   * @defaultValue the registry's `maxStale`
   */
  maxStale?: number
  /**
   * Resolve to `undefined` when the entry does not exist (access errors still fail).
   * @defaultValue `false`
   */
  optional?: boolean
  /**
   * Read this entry through a role (another account's registry); overrides the registry's `assumeRole`.
   * @defaultValue the registry's `assumeRole`
   */
  assumeRole?: AssumeRoleOptions
}

/** The merged, validated options a reference carries. */
export interface ReferenceOptions extends CommonOptions {
  /** A backend's own options, which it checks (validateOptions) and reads itself. */
  readonly [option: string]: unknown
  decrypt?: boolean
  recursive?: boolean
  versionStage?: string
  versionId?: string
  rotation?: boolean
  healthStatus?: HealthStatus
  queryParameters?: Readonly<Record<string, string>>
  attribute?: string
  scheme?: 'http' | 'https'
  partitionKey?: string
  sortKey?: string
  consistentRead?: boolean
}

// Only exists in the type system: it carries the resolved value's type from `ssm<T>()`
// to the handler's context without any runtime cost.
declare const valueType: unique symbol

// Symbol.for so that two copies of the package (e.g. a bundled and a layered one)
// still recognise each other's references.
const REFERENCE = Symbol.for('middy-registry.reference')

/** Anything a `fetch` map can declare; it carries (in the type system only) the value's type. */
export interface Declared<T = unknown> {
  // A function type keeps `undefined` in T (an optional property would drop it) and stays covariant.
  readonly [valueType]?: () => T
}

export interface Reference<T = unknown> extends Declared<T> {
  readonly source: SourceName
  readonly kind: ReferenceKind
  /** Parameter name, path, secret id or ARN, without any version selector. */
  readonly id: string
  /** SSM `:version` or `:label` selector, including the colon; empty when none. */
  readonly selector: string
  readonly decoding: Decoding
  /** Secret values are masked: inherited by the context, not its own keys; never in errors or events. */
  readonly secret: boolean
  readonly options: Readonly<ReferenceOptions>
  /** What of its options changes the value read (`decrypt=true`), as part of its cache key; empty when nothing does. */
  readonly readKey: string
  /** The code its source gives an entry that does not exist (`ParameterNotFound`, …, `NotFound`). */
  readonly notFound: string
  /**
   * The AWS client its source reads with; none for a source defined with `defineSource()`.
   * @internal
   */
  readonly client?: ServiceName
  /**
   * The source that reads it. Carried by the reference, rather than looked up in a table
   * of every source, so that a bundle holds only the sources its declarations use.
   * @internal
   */
  readonly reader: Source
  /**
   * For a reference declared with a function of the request instead of an id: how each
   * invocation computes and checks its id. Its own `id` is then only a label.
   * @internal
   */
  readonly perInvocation?: PerInvocationId
}

/** One entry to fetch: the reference, the client that serves it, and its cache key. */
export interface FetchRequest {
  readonly fetchKey: string
  readonly reference: Reference
  readonly scope: ClientScope
  /** The entry's last good value, if any: a source may revalidate it cheaply instead of fetching it again. */
  readonly previous?: RawPayload
}

/**
 * A source fetches a batch of entries that share one client and reports an outcome for
 * every request. It never rejects: a failed call becomes a failure per entry, so one
 * bad batch cannot hide which keys it carried.
 */
export type Source = (requests: readonly FetchRequest[], signal?: AbortSignal) => Promise<Map<string, Outcome>>

/** The value type a declaration resolves to. */
export type ValueOf<R> = R extends Declared<infer T> ? T : never

export function isReference(value: unknown): value is Reference {
  return typeof value === 'object' && value !== null && REFERENCE in value
}

export function createReference<T>(fields: Omit<Reference<T>, typeof valueType>): Reference<T> {
  return brand(fields, REFERENCE) as Reference<T>
}

/** The reference one invocation reads: a per-invocation reference with the id it computed. */
export function withId<T>(reference: Reference<T>, { id, selector }: Located): Reference<T> {
  const { perInvocation: _computed, ...fields } = reference
  return createReference<T>({ ...fields, id, selector })
}

/** Marks a frozen declaration with its kind's symbol (non-enumerable, so it never shows). */
export function brand<T extends object>(fields: T, symbol: symbol): T {
  // Options are copied with their descriptors: a non-enumerable one (a default) stays hidden.
  const options = 'options' in fields ? { options: Object.freeze(Object.defineProperties({}, Object.getOwnPropertyDescriptors(fields.options))) } : {}
  const declaration = { ...fields, ...options }
  Object.defineProperty(declaration, symbol, { value: true })
  return Object.freeze(declaration)
}

/** One option's check, and what it expects, for the message when a value fails it. */
export interface OptionCheck {
  readonly check: (value: unknown) => boolean
  readonly expected: string
}

/** The options a reference accepts, in the order its messages list them; `role` checks an `assumeRole`. */
export type OptionChecks = Readonly<Record<string, OptionCheck | 'role'>>

export const isCacheExpiry = (value: unknown): boolean => typeof value === 'number' && !Number.isNaN(value) && value >= 0

export const BOOLEAN: OptionCheck = { check: (value) => typeof value === 'boolean', expected: 'a boolean' }
export const NON_EMPTY_STRING: OptionCheck = { check: (value) => typeof value === 'string' && value.length > 0, expected: 'a non-empty string' }
export const oneOf = (values: readonly unknown[]): OptionCheck => ({
  check: (value) => values.includes(value),
  expected: `one of ${values.map(String).join(', ')}`,
})
const MILLISECONDS: OptionCheck = { check: isCacheExpiry, expected: 'a number of milliseconds >= 0 (or Infinity)' }

/** The options every reference takes (a `service()`'s fields too); each backend adds its own. */
export const COMMON_OPTIONS = { cacheExpiry: MILLISECONDS, maxStale: MILLISECONDS, optional: BOOLEAN, assumeRole: 'role' } as const satisfies OptionChecks

/**
 * Validates a reference's options at declaration time, so that a typo fails the cold
 * start with a message naming the option instead of being silently ignored.
 */
export function validateOptions(
  caller: string,
  options: unknown,
  checks: OptionChecks,
  /** Every name the caller takes, for the message (a reference may take more than its options). */
  named: readonly string[] = Object.keys(checks),
): ReferenceOptions {
  if (options === undefined) return {}
  if (!isObject(options)) {
    throw new InputError(caller, `options must be an object`)
  }
  for (const [name, value] of Object.entries(options)) {
    const option = Object.hasOwn(checks, name) ? checks[name] : undefined
    if (option === undefined) throw new InputError(caller, `unknown option ${quote(name)} (allowed: ${named.join(', ')})`)
    if (value === undefined) continue
    if (option === 'role') checkAssumeRole(caller, value)
    else if (!option.check(value)) throw new InputError(caller, `option "${name}" must be ${option.expected}, got ${describeValue(value)}`)
  }
  return { ...(options as ReferenceOptions) }
}
