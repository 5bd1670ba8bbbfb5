/** docs/errors.md's recipe: a RegistryError through @middy/http-error-handler, as a 502 or a 503 that shows nothing. */

import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import middy from '@middy/core'
import httpErrorHandler from '@middy/http-error-handler'
import { registryHttpErrors } from '../../../examples/http-errors/registry-http-errors.js'
import { type FetchMap, RegistryError, registry, secret, ssm } from '../../../src/index.js'
import { awsError, noTimeToRetry, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, secretsMock, serveParameters, serveSecrets, ssmMock } from '../mocks.js'

const API_KEY = 'sk_live_http_7c1d9e2f'
const ENDPOINT = '/orders/prod/endpoint'
const fetch = { ordersUrl: ssm(ENDPOINT), ordersKey: secret('orders/prod/api-key') }

interface HttpResponse {
  statusCode: number
  headers: Record<string, string>
  body?: string
}

/** An API handler as the recipe assembles it; `logger` stands in for http-error-handler's console.error. */
function apiHandler(options: { fetch?: FetchMap; requestTimeout?: number; recipe?: boolean } = {}) {
  const logger = jest.fn()
  const orders = registry({ fetch: options.fetch ?? fetch, ...testOptions(), ...(options.requestTimeout ? { requestTimeout: options.requestTimeout } : {}) })
  const handler = middy()
    .use(httpErrorHandler({ logger }))
    .use(options.recipe === false ? [] : [registryHttpErrors()])
    .use(orders)
    .handler(async () => ({ statusCode: 200, body: 'ok' }))
  // No time to retry a throttled cold fetch: these tests are about the answer to its failure.
  const invoke = async () => (await handler({}, noTimeToRetry() as never)) as HttpResponse
  return { invoke, logger }
}

/** Everything a client could see of a response. */
const shown = (response: HttpResponse) => JSON.stringify(response)

describe('a RegistryError through @middy/http-error-handler, with registryHttpErrors()', () => {
  beforeEach(() => {
    resetAll()
    serveParameters({ [ENDPOINT]: 'https://orders.example.com' })
    serveSecrets({ 'orders/prod/api-key': API_KEY })
  })

  it('answers a registry that refuses a read with 502 and a generic body', async () => {
    ssmMock.on(GetParametersCommand).rejects(awsError('AccessDeniedException'))
    const response = await apiHandler().invoke()
    expect(response).toEqual({ statusCode: 502, headers: { 'Content-Type': 'text/plain' }, body: 'Bad Gateway' })
  })

  it('answers a throttled registry with 503 and a generic body', async () => {
    ssmMock.on(GetParametersCommand).rejects(awsError('ThrottlingException'))
    const response = await apiHandler().invoke()
    expect(response).toEqual({ statusCode: 503, headers: { 'Content-Type': 'text/plain' }, body: 'Service Unavailable' })
  })

  it('answers a registry that does not answer in time with 503', async () => {
    ssmMock.on(GetParametersCommand).callsFake(() => new Promise(() => undefined))
    const response = await apiHandler({ requestTimeout: 20 }).invoke()
    expect(response.statusCode).toBe(503)
  })

  it('keeps answering 503 while the throttled key backs off and fails fast', async () => {
    ssmMock.on(GetParametersCommand).rejects(awsError('ThrottlingException'))
    const { invoke } = apiHandler()
    await invoke()
    const response = await invoke()
    // The second invocation sent nothing: it failed fast with the first one's code.
    expect(getParametersCalls()).toBe(1)
    expect(response.statusCode).toBe(503)
  })
  it('answers 502 when one failure needs a fix, even beside one that may pass on a later try', async () => {
    ssmMock.on(GetParametersCommand).rejects(awsError('ThrottlingException'))
    // A lone secret is read with GetSecretValue.
    secretsMock.on(GetSecretValueCommand).rejects(awsError('AccessDeniedException'))
    const response = await apiHandler().invoke()
    expect(response.statusCode).toBe(502)
  })

  it('shows no value, key or id, not even a secret resolved in the same invocation', async () => {
    ssmMock.on(GetParametersCommand).rejects(awsError('AccessDeniedException'))
    const response = await apiHandler().invoke()
    for (const hidden of [API_KEY, 'ordersKey', 'ordersUrl', ENDPOINT, 'AccessDeniedException']) expect(shown(response)).not.toContain(hidden)
  })

  it('logs the RegistryError, with every failing key and code, as the cause of the error it answers', async () => {
    ssmMock.on(GetParametersCommand).rejects(awsError('AccessDeniedException'))
    const { invoke, logger } = apiHandler()
    await invoke()
    const [[logged]] = logger.mock.calls as [[Error]]
    expect(logged.cause).toBeInstanceOf(RegistryError)
    expect((logged.cause as RegistryError).failures).toEqual([expect.objectContaining({ key: 'ordersUrl', code: 'AccessDeniedException' })])
  })

  it('leaves other errors to http-error-handler: a 500 with no body', async () => {
    const logger = jest.fn()
    const handler = middy()
      .use(httpErrorHandler({ logger }))
      .use(registryHttpErrors())
      .handler(async () => {
        throw new Error('a bug in the handler')
      })
    expect(await handler({}, noTimeToRetry() as never)).toEqual({ statusCode: 500, headers: {} })
  })

  it('is needed: without it, http-error-handler answers a RegistryError with a 500 and no body', async () => {
    ssmMock.on(GetParametersCommand).rejects(awsError('ThrottlingException'))
    expect(await apiHandler({ recipe: false }).invoke()).toEqual({ statusCode: 500, headers: {} })
  })
})
