import { checkName, checkParameterName } from '../../aws/names.js'
import type { AwsClient } from '../../core/client-scope.js'
import { checkDefault, DEFAULT_OPTION, type DefaultOption, type OptionalOption } from '../../core/default-value.js'
import { describeValue } from '../../core/describe.js'
import { registerNotFoundCodes } from '../../core/outcome.js'
import { type IdFunction, type Located, locateDeclared } from '../../core/per-invocation.js'
import { InputError } from '../../core/problem.js'
import {
  BOOLEAN,
  COMMON_OPTIONS,
  type CommonOptions,
  createReference,
  type Decoding,
  type Reference,
  type ReferenceKind,
  validateOptions,
} from '../../core/reference.js'
import { fetchFromSsm } from './read.js'

// What this source calls an entry that does not exist: `optional` forgives it.
registerNotFoundCodes(['ParameterNotFound', 'ParameterVersionNotFound'])

declare module '../../core/client-scope.js' {
  interface RegistryClients {
    /** Your own SSMClient, used as it is (no Region routing for ARNs, not for references read through a role). */
    ssm?: AwsClient
  }
}

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

const { cacheExpiry, maxStale, optional, assumeRole } = COMMON_OPTIONS
const PARAMETER_OPTIONS = { cacheExpiry, maxStale, optional, default: DEFAULT_OPTION, decrypt: BOOLEAN, assumeRole }
// A path with no parameter under it is an empty record, never "not found": no `optional`.
const PATH_OPTIONS = { cacheExpiry, maxStale, decrypt: BOOLEAN, recursive: BOOLEAN, assumeRole }

function parameterReference<T>(caller: string, value: unknown, options: unknown, decoding: Decoding): Reference<T> {
  const located = locateDeclared(value, (name): Located => {
    const { name: id, selector } = checkParameterName(caller, name)
    return { id, selector }
  })
  const checked = checkDefault(caller, validateOptions(caller, options, PARAMETER_OPTIONS), decoding)
  return createReference<T>({
    reader: fetchFromSsm,
    source: 'ssm',
    client: 'ssm',
    notFound: 'ParameterNotFound',
    kind: 'parameter',
    readKey: `decrypt=${checked.decrypt !== false}`,
    ...located,
    decoding,
    secret: false,
    options: checked,
  })
}

/** A path as `ssm.path()` takes it: starting with "/", without its trailing slash (AWS wants none, but for the root). */
function checkPath(caller: string, value: unknown): Located {
  if (typeof value !== 'string' || !value.startsWith('/')) {
    throw new InputError(caller, `a path must be a string starting with "/", got ${describeValue(value)}`)
  }
  const path = value.length > 1 ? value.replace(/\/+$/, '') : value
  if (path !== '/') checkName(caller, path, false)
  return { id: path, selector: '' }
}

function pathReference(caller: string, value: unknown, options: unknown): Reference<Record<string, string>> {
  const located = locateDeclared(value, (path) => checkPath(caller, path))
  const checked = validateOptions(caller, options, PATH_OPTIONS)
  const kind: ReferenceKind = 'path'
  return createReference({
    reader: fetchFromSsm,
    source: 'ssm',
    client: 'ssm',
    notFound: 'ParameterNotFound',
    kind,
    readKey: `decrypt=${checked.decrypt !== false}|recursive=${checked.recursive !== false}`,
    ...located,
    decoding: 'record',
    secret: false,
    options: checked,
  })
}

/**
 * A String (or SecureString) parameter from SSM Parameter Store, by name (`/a/b`, `name`),
 * by ARN (another account or Region) or pinned with a `:version` / `:label` selector. The
 * name may be a function of the invocation's request (`(request) => \`/tenants/${…}/url\``),
 * computed and checked on each invocation.
 */
function ssm(name: string | IdFunction, options: SsmOptions & OptionalOption): Reference<string | undefined>
function ssm(name: string | IdFunction, options?: SsmOptions & DefaultOption<string>): Reference<string>
function ssm(name: string | IdFunction, options?: SsmOptions & DefaultOption<string>): Reference<string | undefined> {
  return parameterReference('ssm()', name, options, 'string')
}

/** A StringList parameter, split on commas into `string[]`. */
function list(name: string | IdFunction, options: SsmOptions & OptionalOption): Reference<string[] | undefined>
function list(name: string | IdFunction, options?: SsmOptions & DefaultOption<string[]>): Reference<string[]>
function list(name: string | IdFunction, options?: SsmOptions & DefaultOption<string[]>): Reference<string[] | undefined> {
  return parameterReference('ssm.list()', name, options, 'list')
}

/** A parameter holding JSON, parsed; `T` types the result (it is not validated at run time). */
function json<T = unknown>(name: string | IdFunction, options: SsmOptions & OptionalOption): Reference<T | undefined>
function json<T = unknown>(name: string | IdFunction, options?: SsmOptions & DefaultOption<T>): Reference<T>
function json<T = unknown>(name: string | IdFunction, options?: SsmOptions & DefaultOption<T>): Reference<T | undefined> {
  return parameterReference('ssm.json()', name, options, 'json')
}

/**
 * Every parameter under a path (recursive, all pages), as a record keyed by the name
 * relative to the path: `/features/prod/` holding `/features/prod/beta/search` gives `beta/search`.
 */
function path(value: string | IdFunction, options?: SsmPathOptions): Reference<Record<string, string>> {
  return pathReference('ssm.path()', value, options)
}

ssm.list = list
ssm.json = json
ssm.path = path

export { ssm }
