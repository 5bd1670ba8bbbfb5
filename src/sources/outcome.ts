/** What a source fetched for one entry: the raw payload, or why it could not. */
import type { Item } from './attribute-value.js'

/** One SSM parameter as AWS returned it. */
export interface RawParameter {
  readonly kind: 'parameter'
  readonly value: string
  readonly type: string
  readonly version?: number
}

/** Every parameter under a path, keyed by the name relative to the path. */
export interface RawPath {
  readonly kind: 'path'
  readonly entries: ReadonlyArray<{ readonly name: string; readonly value: string; readonly type: string }>
}

/** One secret version: SecretString or SecretBinary. */
export interface RawSecret {
  readonly kind: 'secret'
  readonly string?: string
  readonly binary?: Uint8Array
  readonly versionId?: string
  /** When the secret's next rotation is due (epoch ms), for references that follow rotation. */
  readonly rotatesAt?: number
}

/** The instances of a Cloud Map service, and the revision DiscoverInstances reported with them. */
export interface RawInstances {
  readonly kind: 'instances'
  readonly instances: ReadonlyArray<{ readonly id: string; readonly attributes: Readonly<Record<string, string>> }>
  /** `InstancesRevision`: it changes when an instance is registered or deregistered (not on health changes). */
  readonly revision?: number
}

/** One DynamoDB item, every attribute in DynamoDB's format: each reference decodes the attribute it names. */
export interface RawItem {
  readonly kind: 'item'
  readonly item: Item
}

export type RawValue = RawParameter | RawPath | RawSecret | RawInstances | RawItem

export interface Fetched {
  readonly ok: true
  readonly raw: RawValue
}

export interface FetchFailed {
  readonly ok: false
  readonly code: string
  readonly message: string
}

export type Outcome = Fetched | FetchFailed

export const fetched = (raw: RawValue): Fetched => ({ ok: true, raw })

export const failed = (code: string, message: string): FetchFailed => ({ ok: false, code, message })

/** Codes that mean "this entry does not exist" (as opposed to "you may not read it"). */
export const NOT_FOUND_CODES: ReadonlySet<string> = new Set([
  'ParameterNotFound',
  'ParameterVersionNotFound',
  'ResourceNotFoundException',
  // Cloud Map: DiscoverInstances of a namespace or service that does not exist.
  'NamespaceNotFound',
  'ServiceNotFound',
  // DynamoDB: no item with that key; and an item without the attribute, which decoding
  // reports (listed so that a stubbed one behaves as the real one).
  'ItemNotFound',
  'AttributeNotFound',
])

/**
 * Turns anything a client threw into a failure: AWS SDK v3 errors carry their code in
 * `name`; network errors in `code`. The message is AWS's, which never holds a value.
 */
export function failureFromError(error: unknown): FetchFailed {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    const name = typeof code === 'string' && error.name === 'Error' ? code : error.name
    return failed(name || 'UnknownError', error.message || name)
  }
  return failed('UnknownError', 'the client failed with a non-Error value')
}

/** Splits a list into chunks of at most `size` items (AWS batch limits). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size))
  return chunks
}
