/** What a source fetched for one entry: the raw payload, or why it could not. */
import { isThrottled, isThrottlingError } from './throttling.js'

/**
 * A fetched payload, in its source's own shape: each backend declares its kinds and
 * registers the decoder that turns them into context values (core/decode.ts).
 */
export interface RawPayload {
  readonly kind: string
  /** When the payload stops being fresh of itself (a secret's next rotation), if that comes before the cache expiry. */
  readonly validUntil?: number
}

/** One text value, which the core decodes: what a source defined with `defineSource()` answers. */
export interface RawText extends RawPayload {
  readonly kind: 'text'
  readonly value: string
}

export interface Fetched {
  readonly ok: true
  readonly raw: RawPayload
  /** The source confirmed that the value it had still holds (a revision, ETag or version that did not move). */
  readonly revalidated?: true
}

export interface FetchFailed {
  readonly ok: false
  readonly code: string
  readonly message: string
  /** What the SDK or Node.js called the failure, when `code` is ours (`TimeoutError ECONNRESET`, `SyntaxError, HTTP 503`). */
  readonly detail?: string
  /** The SDK classified the error as throttling (HTTP 429, its retry flag) though its code is not one of AWS's throttling codes. */
  readonly throttled?: true
}

export type Outcome = Fetched | FetchFailed

/** A success; name the payload's type (`fetched<RawSecret>({ … })`) to have its fields checked. */
export const fetched = <P extends RawPayload>(raw: P): Fetched => ({ ok: true, raw })

/** The cached payload confirmed unchanged by a cheaper question than reading it again: a revalidation. */
export const revalidated = (raw: RawPayload): Fetched => ({ ok: true, raw, revalidated: true })

export const failed = (code: string, message: string, detail?: string): FetchFailed =>
  detail === undefined ? { ok: false, code, message } : { ok: false, code, message, detail }

const notFoundCodes = new Set<string>([
  // A source defined with defineSource(): its read() left the id out of its answer.
  'NotFound',
])
const notLocated = new Set<string>()

/**
 * Codes that mean "this entry does not exist" (as opposed to "you may not read it"): what
 * `optional` forgives and what never counts as a failed fetch. Each backend registers its own.
 */
export const NOT_FOUND_CODES: ReadonlySet<string> = notFoundCodes

/**
 * Registers a backend's not-found codes, where it is declared. `located: true` for a code
 * that says the entry was found but lacks a part (an item without the attribute), which
 * says nothing of the Region searched.
 */
export function registerNotFoundCodes(codes: readonly string[], { located = false } = {}): void {
  for (const code of codes) {
    notFoundCodes.add(code)
    if (located) notLocated.add(code)
  }
}

/** A not-found code that means the entry itself was not where it was looked for. */
export const isAbsent = (code: string): boolean => notFoundCodes.has(code) && !notLocated.has(code)

/**
 * Our codes for failures that AWS never named, beside AWS's own: no answer in time, no
 * connection, an answer that is not AWS's, a server error without AWS's error body.
 */
export const TIMEOUT = 'Timeout'
export const NETWORK_ERROR = 'NetworkError'
export const INVALID_RESPONSE = 'InvalidResponse'
export const SERVER_ERROR = 'ServerError'

// Socket-level errno codes: the connection failed, whatever the SDK named the error (it
// names ECONNRESET a TimeoutError, which sends an operator to the wrong place).
const TIMEOUT_ERRNOS = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT'])
const NETWORK_ERRNOS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
])

interface ErrorShape {
  name: string
  message: string
  code?: unknown
  $metadata?: { httpStatusCode?: number }
}

const statusOf = (error: ErrorShape) => error.$metadata?.httpStatusCode

/** One of our codes for a transport or parsing failure; undefined for AWS's own errors. */
function transportFailure(error: ErrorShape): FetchFailed | undefined {
  const errno = typeof error.code === 'string' ? error.code : undefined
  const status = statusOf(error)
  const detail = [error.name, errno].filter(Boolean).join(' ') + (status ? `, HTTP ${status}` : '')
  if (error.name === 'AbortError' || (errno && TIMEOUT_ERRNOS.has(errno)) || (error.name === 'TimeoutError' && !errno)) {
    return failed(TIMEOUT, 'no answer in time: the request was ended', detail)
  }
  if (errno && NETWORK_ERRNOS.has(errno)) return failed(NETWORK_ERROR, `the connection failed (${errno})`, detail)
  // The SDK could not parse the body. Its message quotes the body, which may hold a
  // secret, and points at a `$response` field we do not keep: neither is passed on.
  if (error.name === 'SyntaxError' || error.message.includes('Deserialization error')) {
    return status !== undefined && status >= 500
      ? failed(SERVER_ERROR, `the server failed with HTTP ${status} and a body that is not AWS's error format`, detail)
      : failed(INVALID_RESPONSE, `the answer${status ? ` (HTTP ${status})` : ''} could not be parsed`, detail)
  }
  return undefined
}

/**
 * Turns anything a client threw into a failure: AWS SDK v3 errors carry their code in
 * `name`, and their message is AWS's, which never holds a value; transport and parsing
 * failures get one of our codes and a message of ours, with the SDK's name as `detail`.
 */
export function failureFromError(error: unknown): FetchFailed {
  // By shape, not instanceof: an error made in another realm (a vm context, a test runner) is still an error.
  if (typeof error !== 'object' || error === null || typeof (error as Error).message !== 'string') {
    return failed('UnknownError', 'the client failed with a non-Error value')
  }
  const shape = error as Error & ErrorShape
  const transport = transportFailure(shape)
  if (transport) return transport
  const code = typeof shape.code === 'string' && shape.name === 'Error' ? shape.code : shape.name
  const failure = failed(code || 'UnknownError', shape.message || code)
  return isThrottlingError(shape) && !isThrottled(failure) ? { ...failure, throttled: true } : failure
}

/** A success that carries no usable value: a failure, so the last good value stays. */
export const invalidResponse = (message: string): FetchFailed => failed(INVALID_RESPONSE, message)

/** Splits a list into chunks of at most `size` items (AWS batch limits). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size))
  return chunks
}
