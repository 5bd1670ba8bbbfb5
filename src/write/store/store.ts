/**
 * Where the write side reads and writes: AWS (SSM, Secrets Manager, DynamoDB) or a local
 * registry file. Both answer the same reads and take the same writes, so that plan, apply,
 * publish, diff, get and list are each written once, against this interface.
 */
import type { AssumeRoleOptions } from '../../core/role.js'
import type { DesiredItem, DesiredParameter } from '../../registry-file/entries.js'
import type { ItemSpec } from '../../registry-file/format.js'
import type { Convention } from '../../services/service.js'

type Tags = Readonly<Record<string, string>>

/** How a publisher or reader reaches the registry, checked. */
export interface RegistryAccess {
  /** Templates for the entries' names (default `/{service}/{stage}/endpoint` and `{service}/{stage}/api-key`). */
  convention?: Convention
  /** Write through this role, e.g. into a central account's registry. */
  assumeRole?: AssumeRoleOptions
  /** Options of the SDK clients created for the writes (region, endpoint, credentials…). */
  awsClientOptions?: Record<string, unknown>
  /** A local registry file to update instead of AWS. */
  local?: string
}

/** A parameter to read: decrypted only when asked (a SecureString given a value), tags only when compared. */
export interface ParameterRead {
  readonly name: string
  readonly decrypt: boolean
  readonly tags: boolean
}

export interface CurrentParameter {
  readonly value: string
  readonly type: string
  readonly version: number
  /** Read only when asked for. */
  readonly tags: Tags
}

/** A secret to read: its value only when one is to be compared (never for a declared secret). */
export interface SecretRead {
  readonly name: string
  readonly value: boolean
}

export interface CurrentSecret {
  /** A SecretString as it is; a SecretBinary as base64. */
  readonly value?: string
  /** Whether it holds a SecretBinary; undefined where the store cannot tell (a local file holds text). */
  readonly binary?: boolean
  readonly tags: Tags
}

/** A secret's current value (a SecretBinary as base64) and the id of its version (`get`). */
export interface StoredSecret {
  readonly value: string
  readonly versionId: string
  readonly binary?: boolean
}

export type ItemKey = Readonly<Record<string, string | number>>

/** How an item is named in reports and errors: its table and key. */
export const keyText = (table: string, key: ItemKey) => `${table} ${JSON.stringify(key)}`

export interface CurrentItem {
  readonly key: ItemKey
  /** The item as plain JSON: undefined when it does not exist, null when it holds binary data. */
  readonly item: ItemSpec | null | undefined
}

/** One parameter found under a path. For a SecureString the value is its ciphertext: never used. */
export interface ListedParameter {
  readonly name: string
  readonly type: string
  readonly value: string
  readonly version: number
}

/** The writes of one apply (or publish), in the order the engine sends them. */
export interface RegistryWriter {
  /** A new version of the parameter (created if need be); `value` is a SecureString's value, scrubbed from errors. */
  putParameter(entry: DesiredParameter, value: string): Promise<number>
  /** Adds or replaces tags, never removes one. */
  tagParameter(name: string, tags: Tags): Promise<void>
  /** A new version of the secret, or the secret itself (with its tags) the first time; a `binary` one's value is base64, written as bytes. */
  putSecret(name: string, value: string, tags: Tags, options?: { binary?: boolean }): Promise<{ versionId: string; created: boolean }>
  tagSecret(name: string, tags: Tags): Promise<void>
  /** Writes the item whole: attributes it does not give are removed. */
  putItem(entry: DesiredItem, key: ItemKey): Promise<void>
}

export interface RegistryStore {
  /** `aws` or `local`, for reports. */
  readonly kind: 'aws' | 'local'
  /**
   * Where, in words, as every report names it: `AWS (eu-west-1, account 111111111111)`,
   * `http://127.0.0.1:5000 (not AWS, eu-west-1)`, `local registry file /path`. Asked once,
   * when first needed; it never rejects.
   */
  describe(): Promise<string>
  /** True when a write is all or nothing (a local file is saved once): a failure means nothing was written. */
  readonly atomic: boolean
  /** The parameters that exist, by name. */
  readParameters(reads: readonly ParameterRead[]): Promise<Map<string, CurrentParameter>>
  /** The secrets that exist, by name. */
  readSecrets(reads: readonly SecretRead[]): Promise<Map<string, CurrentSecret>>
  readSecretValue(name: string): Promise<StoredSecret | undefined>
  /** The current item of each desired one; two entries for one item are refused. */
  readItems(desired: readonly DesiredItem[]): Promise<Map<DesiredItem, CurrentItem>>
  /** Every parameter under a path, at any depth, never decrypted. */
  listParameters(path: string): Promise<ListedParameter[]>
  /** Runs `writes`; a local file takes them in turn with other writers and is saved once, after the last. */
  write<T>(writes: (writer: RegistryWriter) => Promise<T>): Promise<T>
}
