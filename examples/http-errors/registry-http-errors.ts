/**
 * A RegistryError as an HTTP answer, for API handlers that use @middy/http-error-handler:
 * 503 when retrying later may succeed, 502 when the registry's answer needs a fix, and a
 * body that says only that. The RegistryError itself (keys, ids, codes; never a value)
 * goes to the logs, as the cause of the error http-error-handler logs.
 */
import type { MiddlewareObj } from '@middy/core'
import { RegistryError } from '../../src/index.js'

// Failures a later try may not meet: the registry was slow, unreachable, overloaded or
// throttling. (A key failing fast while it backs off carries its last failure's code.)
const UNAVAILABLE = new Set([
  'Timeout',
  'NetworkError',
  'ServerError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'UnprocessedKeys',
  'InternalServerError',
  'InternalServiceError',
])

/** 503 when every failure may pass on a later try; 502 when one needs a fix. */
export const statusOf = (error: RegistryError): 502 | 503 => (error.failures.every(({ code }) => UNAVAILABLE.has(code)) ? 503 : 502)

/** Use it after httpErrorHandler() and before registry(): its onError runs first. */
export const registryHttpErrors = (): MiddlewareObj => ({
  onError: (request) => {
    if (!(request.error instanceof RegistryError)) return
    const statusCode = statusOf(request.error)
    // expose: true, or http-error-handler answers any 5xx with a 500. The message is the body.
    request.error = Object.assign(new Error(statusCode === 503 ? 'Service Unavailable' : 'Bad Gateway', { cause: request.error }), {
      statusCode,
      expose: true,
    })
  },
})
