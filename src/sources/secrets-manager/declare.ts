import { checkSecretId } from '../../aws/names.js'
import type { AwsClient } from '../../core/client-scope.js'
import { checkDefault, DEFAULT_OPTION, type DefaultOption, type OptionalOption } from '../../core/default-value.js'
import { registerNotFoundCodes } from '../../core/outcome.js'
import { type IdFunction, locateDeclared } from '../../core/per-invocation.js'
import { InputError } from '../../core/problem.js'
import {
  BOOLEAN,
  COMMON_OPTIONS,
  type CommonOptions,
  createReference,
  type Decoding,
  type OptionCheck,
  type Reference,
  validateOptions,
} from '../../core/reference.js'
import { fetchFromSecretsManager } from './read.js'

// What this source calls an entry that does not exist: `optional` forgives it.
registerNotFoundCodes(['ResourceNotFoundException'])

declare module '../../core/client-scope.js' {
  interface RegistryClients {
    /** Your own SecretsManagerClient, used as it is (no Region routing for ARNs, not for references read through a role). */
    secretsManager?: AwsClient
  }
}

/** Options of a Secrets Manager reference. */
export interface SecretOptions extends CommonOptions {
  /** Staging label to read, e.g. `AWSPREVIOUS` (default `AWSCURRENT`). */
  versionStage?: string
  /**
   * Exact version to read; cannot be combined with `versionStage`.
   * @defaultValue none: the version `versionStage` names
   */
  versionId?: string
  /**
   * Follow the secret's rotation schedule: its cache entry also expires at the
   * `NextRotationDate` that DescribeSecret reports (read alongside the value, never blocking a warm invocation).
   * @defaultValue `false`
   */
  rotation?: boolean
  /**
   * Once expired, ask DescribeSecret whether the version read has moved, and read the value
   * only if it has (default `true`; needs `secretsmanager:DescribeSecret`, without which it
   * reads as `false` does). `false`: read the value at every refresh.
   */
  revalidate?: boolean
}

// Secrets Manager's limits: a staging label is 1-256 characters (we also refuse whitespace and
// control characters, never meant in a label); a version id 32-64 (a UUID when AWS makes it).
const STAGING_LABEL: OptionCheck = {
  check: (value) => typeof value === 'string' && /^[^\s\p{Cc}]{1,256}$/u.test(value),
  expected: 'a staging label of 1-256 characters, without whitespace or control characters',
}
const VERSION_ID: OptionCheck = {
  check: (value) => typeof value === 'string' && /^[a-zA-Z0-9-]{32,64}$/.test(value),
  expected: 'a version id of 32-64 letters, digits or -',
}
const { cacheExpiry, maxStale, optional, assumeRole } = COMMON_OPTIONS
const SECRET_OPTIONS = {
  cacheExpiry,
  maxStale,
  optional,
  default: DEFAULT_OPTION,
  versionStage: STAGING_LABEL,
  versionId: VERSION_ID,
  rotation: BOOLEAN,
  revalidate: BOOLEAN,
  assumeRole,
}

function secretReference<T>(caller: string, id: unknown, options: unknown, decoding: Decoding): Reference<T> {
  const located = locateDeclared(id, (value) => ({ id: checkSecretId(caller, value), selector: '' }))
  const checked = checkDefault(caller, validateOptions(caller, options, SECRET_OPTIONS), decoding)
  if (checked.versionStage !== undefined && checked.versionId !== undefined) {
    throw new InputError(caller, `options "versionStage" and "versionId" cannot be combined`)
  }
  return createReference<T>({
    reader: fetchFromSecretsManager,
    source: 'secretsmanager',
    client: 'secretsmanager',
    notFound: 'ResourceNotFoundException',
    kind: 'secret',
    readKey: `stage=${checked.versionStage ?? ''}|version=${checked.versionId ?? ''}`,
    ...located,
    decoding,
    secret: true,
    options: checked,
  })
}

/**
 * A secret's SecretString from AWS Secrets Manager, by name or ARN. Masked on the context.
 * The id may be a function of the invocation's request (`(request) => \`tenants/${…}/api-key\``),
 * computed and checked on each invocation.
 */
function secret(id: string | IdFunction, options: SecretOptions & OptionalOption): Reference<string | undefined>
function secret(id: string | IdFunction, options?: SecretOptions & DefaultOption<string>): Reference<string>
function secret(id: string | IdFunction, options?: SecretOptions & DefaultOption<string>): Reference<string | undefined> {
  return secretReference('secret()', id, options, 'string')
}

/** A secret whose SecretString is JSON, parsed; `T` types the result (not validated at run time). */
function json<T = unknown>(id: string | IdFunction, options: SecretOptions & OptionalOption): Reference<T | undefined>
function json<T = unknown>(id: string | IdFunction, options?: SecretOptions & DefaultOption<T>): Reference<T>
function json<T = unknown>(id: string | IdFunction, options?: SecretOptions & DefaultOption<T>): Reference<T | undefined> {
  return secretReference('secret.json()', id, options, 'json')
}

/** A secret stored as SecretBinary, as bytes. */
function binary(id: string | IdFunction, options: SecretOptions & OptionalOption): Reference<Uint8Array | undefined>
function binary(id: string | IdFunction, options?: SecretOptions & DefaultOption<Uint8Array>): Reference<Uint8Array>
function binary(id: string | IdFunction, options?: SecretOptions & DefaultOption<Uint8Array>): Reference<Uint8Array | undefined> {
  return secretReference('secret.binary()', id, options, 'binary')
}

secret.json = json
secret.binary = binary

export { secret }
