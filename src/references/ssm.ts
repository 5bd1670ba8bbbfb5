import { parameterNameOf, parseArn } from './arn.js'
import { firstInvalidCharacter } from './describe.js'
import {
  createReference,
  describeValue,
  validateOptions,
  type CommonOptions,
  type Decoding,
  type Reference,
  type ReferenceKind,
} from './reference.js'
import { fetchFromSsm } from '../sources/ssm.js'

/** Options of an SSM Parameter Store reference. */
export interface SsmOptions extends CommonOptions {
  /** Decrypt SecureString values (default `true`); ciphertext and plaintext are cached apart. */
  decrypt?: boolean
}

/** Options of an `ssm.path()` reference (an empty path resolves to `{}`, so no `optional`). */
export interface SsmPathOptions extends Omit<SsmOptions, 'optional'> {
  /** Include parameters in nested levels below the path (default `true`). */
  recursive?: boolean
}

type Optional = { optional: true }

// AWS allows letters, digits and `_ . - /` in names; a selector is `:version` or `:label`.
const NAME_PATTERN = /^[a-zA-Z0-9_.\-/]+$/
const SELECTOR_PATTERN = /^:([1-9]\d{0,9}|[a-zA-Z_.-][a-zA-Z0-9_.-]{0,99})$/
const MAX_NAME_LENGTH = 1011
const MAX_HIERARCHY_DEPTH = 15

/** Splits `name:selector` (or `arn…:parameter/name:selector`) into its two parts. */
function splitSelector(value: string): { name: string; selector: string } {
  const arn = parseArn(value)
  const resource = arn ? arn.resource : value
  const colon = resource.lastIndexOf(':')
  if (colon === -1) return { name: value, selector: '' }
  const selector = resource.slice(colon)
  return { name: value.slice(0, value.length - selector.length), selector }
}

function checkName(caller: string, name: string, allowArn: boolean): void {
  const arn = parseArn(name)
  if (arn) {
    if (!allowArn) throw new TypeError(`${caller}: a path cannot be an ARN, got ${JSON.stringify(name)}`)
    if (arn.service !== 'ssm' || !arn.resource.startsWith('parameter/')) {
      throw new TypeError(`${caller}: ${JSON.stringify(name)} is not an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)`)
    }
    if (!arn.region || !arn.account) {
      throw new TypeError(`${caller}: the ARN ${JSON.stringify(name)} must name its region and account`)
    }
    checkName(caller, parameterNameOf(arn), false)
    return
  }
  const problem =
    name.length === 0 ? 'is empty'
    : name.length > MAX_NAME_LENGTH ? `is longer than ${MAX_NAME_LENGTH} characters`
    : !NAME_PATTERN.test(name) ? `has ${firstInvalidCharacter(name, /[a-zA-Z0-9_.\-/]/)}: names may only hold letters, digits and _ . - /`
    : name.includes('/') && !name.startsWith('/') ? 'must start with "/" when it has a hierarchy'
    : name.includes('//') ? 'has an empty level ("//")'
    : name.split('/').length - 1 > MAX_HIERARCHY_DEPTH ? `is deeper than ${MAX_HIERARCHY_DEPTH} levels`
    : undefined
  if (problem) throw new TypeError(`${caller}: parameter name ${describeValue(name)} ${problem}`)
}

function parameterReference<T>(caller: string, value: unknown, options: unknown, decoding: Decoding): Reference<T> {
  if (typeof value !== 'string') throw new TypeError(`${caller}: the parameter name must be a string, got ${describeValue(value)}`)
  const { name, selector } = splitSelector(value)
  if (selector && !SELECTOR_PATTERN.test(selector)) {
    throw new TypeError(`${caller}: the selector after the last ":" (${describeValue(selector.slice(1))}) is neither a version number nor a label`)
  }
  checkName(caller, name, true)
  const checked = validateOptions(caller, options, ['cacheExpiry', 'maxStale', 'optional', 'decrypt', 'assumeRole'])
  return createReference<T>({ reader: fetchFromSsm, source: 'ssm', kind: 'parameter', id: name, selector, decoding, secret: false, options: checked })
}

function pathReference(caller: string, value: unknown, options: unknown): Reference<Record<string, string>> {
  if (typeof value !== 'string' || !value.startsWith('/')) {
    throw new TypeError(`${caller}: a path must be a string starting with "/", got ${describeValue(value)}`)
  }
  // AWS wants the path without its trailing slash (except the root).
  const path = value.length > 1 ? value.replace(/\/+$/, '') : value
  if (path !== '/') checkName(caller, path, false)
  const checked = validateOptions(caller, options, ['cacheExpiry', 'maxStale', 'decrypt', 'recursive', 'assumeRole'])
  const kind: ReferenceKind = 'path'
  return createReference({ reader: fetchFromSsm, source: 'ssm', kind, id: path, selector: '', decoding: 'record', secret: false, options: checked })
}

/**
 * A String (or SecureString) parameter from SSM Parameter Store, by name (`/a/b`, `name`),
 * by ARN (another account or Region) or pinned with a `:version` / `:label` selector.
 */
function ssm(name: string, options: SsmOptions & Optional): Reference<string | undefined>
function ssm(name: string, options?: SsmOptions): Reference<string>
function ssm(name: string, options?: SsmOptions): Reference<string | undefined> {
  return parameterReference('ssm()', name, options, 'string')
}

/** A StringList parameter, split on commas into `string[]`. */
function list(name: string, options: SsmOptions & Optional): Reference<string[] | undefined>
function list(name: string, options?: SsmOptions): Reference<string[]>
function list(name: string, options?: SsmOptions): Reference<string[] | undefined> {
  return parameterReference('ssm.list()', name, options, 'list')
}

/** A parameter holding JSON, parsed; `T` types the result (it is not validated at run time). */
function json<T = unknown>(name: string, options: SsmOptions & Optional): Reference<T | undefined>
function json<T = unknown>(name: string, options?: SsmOptions): Reference<T>
function json<T = unknown>(name: string, options?: SsmOptions): Reference<T | undefined> {
  return parameterReference('ssm.json()', name, options, 'json')
}

/**
 * Every parameter under a path (recursive, all pages), as a record keyed by the name
 * relative to the path: `/features/prod/` holding `/features/prod/beta/search` gives `beta/search`.
 */
function path(value: string, options?: SsmPathOptions): Reference<Record<string, string>> {
  return pathReference('ssm.path()', value, options)
}

ssm.list = list
ssm.json = json
ssm.path = path

export { ssm }
