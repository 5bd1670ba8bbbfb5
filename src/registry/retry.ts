import type { InvocationRequest } from '../core/per-invocation.js'
import { setValue } from './context.js'
import { RegistryError } from './errors.js'
import type { FetchMap, RegistryMiddleware, RegistryValues } from './types.js'

/** Options of `retryOnAuthFailure`. */
export interface AuthRetryOptions {
  /** Whether the callback's error means "your credentials were refused" (default: HTTP 401 or 403). */
  isAuthFailure?: (error: unknown) => boolean
  /**
   * The invocation's request, for a key whose id is computed per invocation (a tenant's key): the id to refresh is computed from it.
   * @defaultValue none: for keys whose id is fixed
   */
  request?: InvocationRequest
}

const statusOf = (error: unknown): unknown => {
  if (typeof error !== 'object' || error === null) return undefined
  const candidate = error as { status?: unknown; statusCode?: unknown; response?: { status?: unknown }; $metadata?: { httpStatusCode?: unknown } }
  return candidate.status ?? candidate.statusCode ?? candidate.response?.status ?? candidate.$metadata?.httpStatusCode
}

/** The default predicate: an error carrying HTTP status 401 or 403 (fetch, axios, got, SDK errors). */
export function isHttpAuthFailure(error: unknown): boolean {
  const status = statusOf(error)
  return status === 401 || status === 403
}

/**
 * Calls `call` with the key's current value. When it fails with an auth failure (the
 * remote service rotated its key), refreshes that one key, puts the new value on the
 * context and calls once more. Any other error, or a second failure, is the caller's.
 */
export async function retryOnAuthFailure<F extends FetchMap, K extends keyof F & string, R>(
  middleware: RegistryMiddleware<F>,
  context: RegistryValues<F>,
  key: K,
  call: (value: RegistryValues<F>[K]) => Promise<R> | R,
  { isAuthFailure = isHttpAuthFailure, request }: AuthRetryOptions = {},
): Promise<R> {
  try {
    return await call(context[key])
  } catch (error) {
    if (!isAuthFailure(error)) throw error
    let refreshed: Pick<RegistryValues<F>, K>
    try {
      refreshed = await (request ? middleware.refresh(request, key) : middleware.refresh(key))
    } catch (refreshError) {
      // Name the registry failure, and keep the refusal that led to it as its cause.
      throw refreshError instanceof RegistryError ? new RegistryError(refreshError.failures, { cause: error }) : refreshError
    }
    // A secret is inherited by what refresh() returns, as by the context: it stays hidden.
    setValue(context, key, refreshed[key], !Object.hasOwn(refreshed, key))
    return await call(refreshed[key])
  }
}
