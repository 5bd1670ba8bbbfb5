/** Which AWS client serves a reference: plain data, so that references and caches can key on it. */

/** Anything with the SDK v3 `send(command)` shape: ours, the user's, or a mock. */
export interface AwsClient {
  send(command: unknown, options?: unknown): Promise<unknown>
}

/** An AWS service as its SDK descriptor names it (`sdk/*.js`): `ssm`, `secretsmanager`… Open: each backend brings its own. */
export type ServiceName = string

/**
 * registry()'s `clients` option: your own client for a service, by option name. Each backend
 * adds its member where it is declared (declaration merging), so a new backend needs no
 * line here.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by each backend's declare.ts
export interface RegistryClients {}

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
