/**
 * The registry as code: one file (JSON or YAML) that says what the registry holds, per
 * stage: services with their endpoints, parameters, secrets and DynamoDB items. Secrets
 * appear only as references to where their value comes from, never as values, so the
 * file can be reviewed in git. These are the file's shapes once read and checked.
 */

import { isObject } from '../core/values.js'
import type { ServiceConvention } from '../services/service.js'

/** The `version` a file declares; a later format would be a new number. */
export const REGISTRY_FILE_VERSION = 1

export type Tags = Readonly<Record<string, string>>

/**
 * Where a secret's value comes from: never the file itself.
 * - `fromEnv`: an environment variable, read at plan and apply time (and by offline runs).
 * - `prompt`: typed at a terminal at plan and apply time.
 * - `declared`: written by someone else; the file only says it must exist.
 * `localEnv` names a variable that holds a prompted or declared secret's value for offline runs.
 */
export type SecretSource =
  | { readonly fromEnv: string }
  | { readonly prompt: true; readonly localEnv?: string }
  | { readonly declared: true; readonly localEnv?: string }

export interface ServiceSpec {
  /** Where callers reach the service: an https URL unless `allowInsecure`. */
  readonly endpoint: string
  readonly allowInsecure: boolean
  /** The API key's secret, at the name the convention gives. */
  readonly apiKey?: SecretSource
  /** Tags of the endpoint parameter and of the API key's secret. */
  readonly tags: Tags
  /** With a DynamoDB convention: more (non-secret) attributes of the service's item. */
  readonly attributes: Readonly<Record<string, unknown>>
}

/** An SSM parameter: a String or StringList with its value, or a SecureString whose value is a secret. */
export type ParameterSpec =
  | { readonly type: 'String' | 'StringList'; readonly value: string; readonly tags: Tags }
  | {
      readonly type: 'SecureString'
      readonly source: SecretSource
      readonly tags: Tags
      /** The KMS key apply encrypts with (id, ARN or alias); the account's default key when absent. */
      readonly keyId?: string
    }

export interface SecretSpec {
  readonly source: SecretSource
  readonly tags: Tags
  /** Bytes, given as base64 and written as a SecretBinary (`binary: true` in the file). */
  readonly binary?: true
}

/** A DynamoDB item as plain JSON (strings, numbers, booleans, null, lists and maps). */
export type ItemSpec = Readonly<Record<string, unknown>>

export interface StageSpec {
  readonly services: Readonly<Record<string, ServiceSpec>>
  readonly parameters: Readonly<Record<string, ParameterSpec>>
  readonly secrets: Readonly<Record<string, SecretSpec>>
  /** Items by table name. */
  readonly dynamo: Readonly<Record<string, readonly ItemSpec[]>>
}

export interface RegistryFile {
  readonly version: typeof REGISTRY_FILE_VERSION
  /** Where services' entries live; the default convention when absent. */
  readonly convention?: ServiceConvention
  readonly stages: Readonly<Record<string, StageSpec>>
}

/** Whether parsed content is in this format (it has `stages`) rather than the flat local registry format. */
export const isRegistryDocument = (parsed: unknown): boolean => isObject(parsed) && Object.hasOwn(parsed, 'stages')

/** The variable offline runs read a secret's value from, if any. */
export const localVariableOf = (source: SecretSource): string | undefined => ('fromEnv' in source ? source.fromEnv : source.localEnv)
