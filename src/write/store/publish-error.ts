import { redact } from './redact.js'

/**
 * A registry operation that failed at its target (AWS or the local file). It names the
 * operation and the entry, keeps AWS's error code, and never carries the API key: any
 * text that could echo it is scrubbed before it becomes the message.
 */
export class PublishError extends Error {
  override readonly name = 'PublishError'

  constructor(
    /** AWS's error code (`AccessDeniedException`, …) or ours (`LocalRegistryInvalid`). */
    readonly code: string,
    /** What was attempted, e.g. `ssm:PutParameter on /orders/prod/endpoint`. */
    readonly operation: string,
    /** Why, in AWS's (scrubbed) words or ours. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation} failed: ${code}: ${reason}`, options)
  }
}

/** The PublishError for an SDK (or file system) error, scrubbed of the secrets in play. */
export function publishErrorOf(error: unknown, operation: string, secrets: readonly (string | undefined)[] = []): PublishError {
  if (error instanceof PublishError) return error
  const { name = 'Error', code, message = String(error) } = (error ?? {}) as { name?: string; code?: unknown; message?: string }
  // A network error is a plain Error with a Node code (ECONNREFUSED, ENOTFOUND…).
  const errorCode = name !== 'Error' ? name : typeof code === 'string' ? code : 'UnknownError'
  // The SDK's error (with the request in it) is not kept as the cause when a secret was sent.
  const cause = secrets.some(Boolean) ? undefined : error
  return new PublishError(errorCode, operation, redact(message, secrets), { cause })
}
