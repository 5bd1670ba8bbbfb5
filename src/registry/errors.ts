import type { SourceName } from '../core/reference.js'

/** One registry value that could not be resolved. Never holds the value itself. */
export interface RegistryFailure {
  /** The context key declared in `fetch`. */
  key: string
  /** For a `service()`: the field that failed (`endpoint`, `apiKey`, …) and the service's name. */
  field?: string
  service?: string
  /** Where the value lives: `ssm`, `secretsmanager`, `servicediscovery` (Cloud Map), `dynamodb`, `appconfig`, another built-in source's name, or `local`. */
  source: SourceName | 'local'
  /** Parameter name, path or secret id, with its selector (e.g. `/orders/prod/endpoint:3`); for DynamoDB, the table and key (`registry {"pk":"orders"}`). */
  id: string
  /** AWS's error code (`ParameterNotFound`, `AccessDeniedException`, …) or ours (`InvalidJSON`). */
  code: string
  /** A short explanation; AWS's message where there is one. */
  message: string
  /** For our codes (`Timeout`, `NetworkError`, `InvalidResponse`, `ServerError`): what the SDK or Node.js called the failure, e.g. `TimeoutError ECONNRESET`. */
  detail?: string
  /** The role the entry was read through, if any (its failure may be the role's: sts:AssumeRole). */
  role?: string
  /** The AWS Region it was read in, when the middleware knows it: an ARN's, `awsClientOptions.region` or `AWS_REGION` (not with a client of your own). */
  region?: string
}

/**
 * Thrown (the invocation rejects) when any declared value cannot be resolved. It names
 * every failing key at once, so one deploy fixes them all, and it never carries a value.
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError'
  readonly failures: readonly RegistryFailure[]

  constructor(failures: readonly RegistryFailure[], options?: { cause?: unknown }) {
    super(summarise(failures), options)
    this.failures = Object.freeze(failures.map((failure) => Object.freeze({ ...failure })))
  }
}

function summarise(failures: readonly RegistryFailure[]): string {
  const count = failures.length === 1 ? '1 registry value' : `${failures.length} registry values`
  const details = failures.map(
    ({ key, field, source, id, code, role }) => `${field === undefined ? key : `${key}.${field}`} (${source} ${id}${role ? ` via ${role}` : ''}: ${code})`,
  )
  return `${count} could not be resolved: ${details.join(', ')}`
}
