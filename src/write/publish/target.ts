/**
 * Where a publisher writes and a reader of the CLI looks: AWS (SSM and Secrets Manager)
 * or a local registry file. Both answer the same questions, so publish, get, list and diff
 * are written once.
 */

/** The names of one service's entries: its endpoint parameter and its API key secret. */
export interface EntryNames {
  readonly endpoint: string
  readonly apiKey: string
}

export interface StoredEndpoint {
  readonly value: string
  readonly version: number
}

export interface StoredApiKey {
  readonly value: string
  readonly versionId: string
}

/** One parameter found under a path, for `list`. */
export interface ListedParameter extends StoredEndpoint {
  readonly name: string
}

/** What one publish writes. */
export interface PublishWrite {
  readonly names: EntryNames
  readonly endpoint: string
  readonly apiKey?: string
  readonly tags: Readonly<Record<string, string>>
}

/** What one publish wrote: the endpoint's new version, and the API key's. */
export interface PublishWritten {
  readonly endpointVersion: number
  readonly apiKey?: { readonly versionId: string; readonly created: boolean }
}

export interface RegistryTarget {
  /** `aws` or `local`, for reports. */
  readonly kind: 'aws' | 'local'
  /** Where, in words: `AWS (eu-west-1)`, `local registry file /path`. */
  readonly description: string
  readEndpoint(name: string): Promise<StoredEndpoint | undefined>
  readApiKey(secretId: string): Promise<StoredApiKey | undefined>
  /** The endpoint parameter's tags ({} when it does not exist). */
  readTags(name: string): Promise<Record<string, string>>
  /** Every parameter under a path, at any depth. */
  listParameters(path: string): Promise<ListedParameter[]>
  /** Writes the API key (if any), then the endpoint, then the tags. */
  write(request: PublishWrite): Promise<PublishWritten>
}
