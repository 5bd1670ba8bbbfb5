/** Transport and parsing failures get our codes, with the SDK's name as detail and never the body. */
import { describe, expect, it } from '@jest/globals'
import { failureFromError } from '../../../src/core/outcome.js'

const sdkError = (name: string, fields: Record<string, unknown> = {}, message = `${name} message`) => Object.assign(new Error(message), { name, ...fields })

describe('failureFromError', () => {
  it('names an aborted request Timeout', () => {
    expect(failureFromError(sdkError('AbortError', {}, 'Request aborted'))).toMatchObject({ code: 'Timeout', detail: 'AbortError' })
  })

  it('names a socket timeout Timeout', () => {
    expect(failureFromError(sdkError('TimeoutError', { code: 'ETIMEDOUT' }))).toMatchObject({ code: 'Timeout', detail: 'TimeoutError ETIMEDOUT' })
  })

  it('names a TCP reset NetworkError, though the SDK calls it a TimeoutError', () => {
    expect(failureFromError(sdkError('TimeoutError', { code: 'ECONNRESET' }, 'read ECONNRESET'))).toEqual({
      ok: false,
      code: 'NetworkError',
      message: 'the connection failed (ECONNRESET)',
      detail: 'TimeoutError ECONNRESET',
    })
  })

  it('names a refused connection NetworkError', () => {
    expect(failureFromError(sdkError('Error', { code: 'ECONNREFUSED' }))).toMatchObject({ code: 'NetworkError' })
  })

  it('names an unparseable 200 InvalidResponse, and drops the message that quotes the body', () => {
    const error = sdkError(
      'SyntaxError',
      { $metadata: { httpStatusCode: 200 } },
      'Unexpected token, "{"SecretString":"hunter2" is not valid JSON\n  Deserialization error: inspect {error}.$response',
    )
    const failure = failureFromError(error)
    expect(failure).toEqual({ ok: false, code: 'InvalidResponse', message: 'the answer (HTTP 200) could not be parsed', detail: 'SyntaxError, HTTP 200' })
    expect(JSON.stringify(failure)).not.toContain('hunter2')
  })

  it('names an HTML 503 ServerError', () => {
    expect(failureFromError(sdkError('SyntaxError', { $metadata: { httpStatusCode: 503 } }, '"<html>" is not valid JSON'))).toMatchObject({
      code: 'ServerError',
      detail: 'SyntaxError, HTTP 503',
    })
  })

  it('names a body cut short NetworkError', () => {
    const error = sdkError(
      'Error',
      { code: 'ECONNRESET', $metadata: { httpStatusCode: 200 } },
      'aborted\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response',
    )
    expect(failureFromError(error)).toMatchObject({ code: 'NetworkError', detail: 'Error ECONNRESET, HTTP 200' })
  })

  it("keeps AWS's own code and message, with no detail", () => {
    expect(failureFromError(sdkError('ThrottlingException', { $metadata: { httpStatusCode: 400 } }, 'Rate exceeded'))).toEqual({
      ok: false,
      code: 'ThrottlingException',
      message: 'Rate exceeded',
    })
  })
})
