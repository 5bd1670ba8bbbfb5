import { checkSecretId } from '../../aws/names.js'
import { InputError } from '../../core/problem.js'
import { type CommonOptions, createReference, type Decoding, type Reference, validateOptions } from '../../core/reference.js'
import { fetchFromSecretsManager } from './read.js'

/** Options of a Secrets Manager reference. */
export interface SecretOptions extends CommonOptions {
  /** Staging label to read, e.g. `AWSPREVIOUS` (default `AWSCURRENT`). */
  versionStage?: string
  /** Exact version to read; cannot be combined with `versionStage`. */
  versionId?: string
  /**
   * Follow the secret's rotation schedule: its cache entry also expires at the
   * `NextRotationDate` that DescribeSecret reports (read alongside the value, never blocking a warm invocation).
   */
  rotation?: boolean
}

type Optional = { optional: true }

function secretReference<T>(caller: string, id: unknown, options: unknown, decoding: Decoding): Reference<T> {
  checkSecretId(caller, id)
  const checked = validateOptions(caller, options, ['cacheExpiry', 'maxStale', 'optional', 'versionStage', 'versionId', 'rotation', 'assumeRole'])
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
    id: id as string,
    selector: '',
    decoding,
    secret: true,
    options: checked,
  })
}

/** A secret's SecretString from AWS Secrets Manager, by name or ARN. Masked on the context. */
function secret(id: string, options: SecretOptions & Optional): Reference<string | undefined>
function secret(id: string, options?: SecretOptions): Reference<string>
function secret(id: string, options?: SecretOptions): Reference<string | undefined> {
  return secretReference('secret()', id, options, 'string')
}

/** A secret whose SecretString is JSON, parsed; `T` types the result (not validated at run time). */
function json<T = unknown>(id: string, options: SecretOptions & Optional): Reference<T | undefined>
function json<T = unknown>(id: string, options?: SecretOptions): Reference<T>
function json<T = unknown>(id: string, options?: SecretOptions): Reference<T | undefined> {
  return secretReference('secret.json()', id, options, 'json')
}

/** A secret stored as SecretBinary, as bytes. */
function binary(id: string, options: SecretOptions & Optional): Reference<Uint8Array | undefined>
function binary(id: string, options?: SecretOptions): Reference<Uint8Array>
function binary(id: string, options?: SecretOptions): Reference<Uint8Array | undefined> {
  return secretReference('secret.binary()', id, options, 'binary')
}

secret.json = json
secret.binary = binary

export { secret }
