/**
 * `defineSource()`: a registry of the user's own (Vault, a configuration service, a
 * database) behind the same guarantees as the built-in sources. The definition is checked
 * once; each reference it makes is checked when it is declared, so a typo fails the cold
 * start with a TypeError that names it.
 */
import { describeValue, quote } from '../../core/describe.js'
import { type IdFunction, locateDeclared } from '../../core/per-invocation.js'
import { InputError } from '../../core/problem.js'
import { COMMON_OPTIONS, type CommonOptions, createReference, type Decoding, type Reference, validateOptions } from '../../core/reference.js'
import { customReader, NOT_FOUND, type ReadFunction } from './read.js'

/** What a source is: its name, how it reads, and whether its values are secrets. */
export interface SourceDefinition {
  /** Shown in errors and events: `token (vault kv/app/token: NotFound)`. Letters, digits, `_ . -`. */
  readonly name: string
  /** One call per batch of due ids → `{ [id]: value }`; an id left out is not found. A rejection fails each of its ids, with the error's name (or `code`) as the code. */
  readonly read: ReadFunction
  /** The most ids one `read()` call gets (default: every due id in one call). Larger batches are split and read in parallel. */
  readonly maxBatch?: number
  /** Mask the values like `secret()`: the context inherits them, never shown (default `false`). */
  readonly secret?: boolean
}

/** The options of a reference to a defined source. */
export type DefinedSourceOptions = Pick<CommonOptions, 'cacheExpiry' | 'maxStale' | 'optional'>

type Optional = { optional: true }

/** A defined source: call it for a text value, `.json<T>()` for a parsed one. */
export interface DefinedSource {
  (id: string | IdFunction, options: DefinedSourceOptions & Optional): Reference<string | undefined>
  (id: string | IdFunction, options?: DefinedSourceOptions): Reference<string>
  json<T = unknown>(id: string | IdFunction, options: DefinedSourceOptions & Optional): Reference<T | undefined>
  json<T = unknown>(id: string | IdFunction, options?: DefinedSourceOptions): Reference<T>
  /** The name it was defined with. */
  readonly sourceName: string
}

const DEFINITION_KEYS = ['name', 'read', 'maxBatch', 'secret']
const NAME = /^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/
// Names that errors and events already give a meaning.
const RESERVED = new Set(['ssm', 'secretsmanager', 'servicediscovery', 'dynamodb', 'appconfig', 'local'])
const MAX_ID_LENGTH = 2048
// A source of your own reads with its own credentials: no assumeRole.
const { cacheExpiry, maxStale, optional } = COMMON_OPTIONS

/** What is wrong with a definition, or undefined. */
function definitionProblem(definition: unknown): string | undefined {
  if (typeof definition !== 'object' || definition === null) return `expects a definition like { name, read }, got ${describeValue(definition)}`
  const { name, read, maxBatch, secret } = definition as Record<string, unknown>
  const unknown = Object.keys(definition).find((key) => !DEFINITION_KEYS.includes(key))
  if (unknown !== undefined) return `unknown option ${quote(unknown)} (allowed: ${DEFINITION_KEYS.join(', ')})`
  if (typeof name !== 'string' || !NAME.test(name))
    return `option "name" must be 1-64 letters, digits or _ . -, starting with a letter, got ${describeValue(name)}`
  if (RESERVED.has(name)) return `option "name" ${quote(name)} is taken by a built-in source`
  if (typeof read !== 'function') return `option "read" must be a function (ids) => ({ [id]: value }), got ${describeValue(read)}`
  if (maxBatch !== undefined && !(Number.isInteger(maxBatch) && (maxBatch as number) > 0))
    return `option "maxBatch" must be a whole number > 0, got ${describeValue(maxBatch)}`
  if (secret !== undefined && typeof secret !== 'boolean') return `option "secret" must be a boolean, got ${describeValue(secret)}`
  return undefined
}

function checkId(caller: string, id: unknown): string {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw new InputError(caller, `the id must be a string of 1-${MAX_ID_LENGTH} characters, got ${describeValue(id)}`)
  }
  return id
}

/**
 * Defines a source of your own. Its references batch, cache, refresh, back off, fail and
 * mask exactly as the built-in ones do:
 *
 * ```ts
 * const vault = defineSource({ name: 'vault', read: (ids) => lookUp(ids), secret: true })
 * registry({ fetch: { token: vault('kv/app/token') } })
 * ```
 */
export function defineSource(definition: SourceDefinition): DefinedSource {
  const problem = definitionProblem(definition)
  if (problem) throw new TypeError(`defineSource(): ${problem}`)
  const { name, read, maxBatch = Number.POSITIVE_INFINITY, secret = false } = definition
  const reader = customReader(name, read, maxBatch)
  const declare = (caller: string, id: unknown, options: unknown, decoding: Decoding) =>
    createReference({
      reader,
      source: name,
      notFound: NOT_FOUND,
      kind: 'text',
      readKey: '',
      // A function of the request is kept, and each id it computes checked as a fixed one.
      ...locateDeclared(id, (value) => ({ id: checkId(caller, value), selector: '' })),
      decoding,
      secret,
      options: validateOptions(caller, options, { cacheExpiry, maxStale, optional }),
    })
  const text = (id: string | IdFunction, options?: DefinedSourceOptions) => declare(`${name}()`, id, options, 'string')
  const json = (id: string | IdFunction, options?: DefinedSourceOptions) => declare(`${name}.json()`, id, options, 'json')
  return Object.assign(text, { json, sourceName: name }) as DefinedSource
}
