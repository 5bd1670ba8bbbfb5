/**
 * Throttling: the registry refused a request because too many were sent, not because of the
 * request itself. The one failure that a wait cures, and the one a cold start retries.
 */

/**
 * AWS's throttling error codes: the AWS SDK's own list (`@smithy/service-error-classification`),
 * copied so that the core loads no SDK package. Secrets Manager and Parameter Store answer
 * `ThrottlingException`; other services, and older ones, the rest.
 */
export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
])

interface ThrottlingShape {
  name?: unknown
  $metadata?: { httpStatusCode?: number }
  $retryable?: { throttling?: boolean }
}

/** Whether an error thrown by a client is throttling, as the SDK classifies it: by code, HTTP 429 or its own flag. */
export function isThrottlingError(error: object): boolean {
  const shape = error as ThrottlingShape
  return (
    shape.$retryable?.throttling === true || shape.$metadata?.httpStatusCode === 429 || (typeof shape.name === 'string' && THROTTLING_CODES.has(shape.name))
  )
}

/** Whether a failed outcome is throttling: marked so from the SDK's error, or one of AWS's throttling codes (in a batch's error list). */
export const isThrottled = (failure: { readonly code: string; readonly throttled?: true }): boolean =>
  failure.throttled === true || THROTTLING_CODES.has(failure.code)
