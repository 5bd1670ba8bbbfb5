/** Which AWS client serves a reference: plain data, so that references and caches can key on it. */

/** Anything with the SDK v3 `send(command)` shape: ours, the user's, or a mock. */
export interface AwsClient {
  send(command: unknown, options?: unknown): Promise<unknown>
}

export type ServiceName = 'ssm' | 'secretsmanager' | 'servicediscovery' | 'dynamodb' | 'sts'

/** Which client serves a reference, and a stable string for it in cache keys. */
export interface ClientScope {
  /** The AWS service; none for a source defined with `defineSource()`, which brings its own client. */
  readonly service?: ServiceName
  readonly key: string
  readonly region?: string
  readonly options?: Readonly<Record<string, unknown>>
  readonly client?: AwsClient
  /** A role's credential provider, also set as the client's `credentials`. */
  readonly credentials?: () => Promise<unknown>
}
