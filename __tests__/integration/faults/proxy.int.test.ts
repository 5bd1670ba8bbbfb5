/** @jest-environment ./__tests__/integration/faults/environment.mjs */
/**
 * The fault proxy itself: each mode does to a request what it says, seen by a raw `fetch`
 * or by the real SDK clients the fault suite uses.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { motoEndpoint } from '../helpers.js'
import { ENDPOINT_VALUE, type Harness, SECRET_VALUE, seedMoto, startHarness } from './harness.js'
import { startFaultProxy } from './proxy.js'

let harness: Harness
let proxy: Harness['proxy']
let ssmClient: SSMClient
let secretsClient: SecretsManagerClient

beforeAll(async () => {
  await seedMoto()
  harness = await startHarness(motoEndpoint())
  ;({ proxy } = harness)
  ;({ ssm: ssmClient, secretsManager: secretsClient } = harness.clients)
})

afterAll(() => harness.close())

beforeEach(() => proxy.reset())

const getParameter = () => ssmClient.send(new GetParametersCommand({ Names: ['/svc/endpoint'] }))
const getSecret = () => secretsClient.send(new GetSecretValueCommand({ SecretId: 'svc/key' }))

/** A raw request as the SSM client would send it, without signing: enough for the fault modes. */
const post = (endpoint = proxy.endpoint, target = 'AmazonSSM.GetParameters') =>
  fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' }, body: '{"Names":["/svc/endpoint"]}' })

/** What an SDK call rejected with. */
async function rejectionOf(call: Promise<unknown>): Promise<Error & { code?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await call
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the call to reject')
}

const settledWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise((resolve) => setTimeout(() => resolve(false), ms)),
  ])

describe('pass and latency', () => {
  it('pass: forwards to moto, which answers with the seeded values', async () => {
    expect((await getParameter()).Parameters?.[0]?.Value).toBe(ENDPOINT_VALUE)
    expect((await getSecret()).SecretString).toBe(SECRET_VALUE)
  })

  it('latency: answers as moto does, at least latencyMs later', async () => {
    proxy.set({ mode: 'latency', latencyMs: 250 })
    const started = Date.now()
    expect((await getParameter()).Parameters?.[0]?.Value).toBe(ENDPOINT_VALUE)
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)
  })
})

describe('answers that are errors', () => {
  it('http500: HTTP 500 with an HTML body', async () => {
    proxy.set('http500')
    const response = await post()
    expect(response.status).toBe(500)
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(await response.text()).toMatch(/^<html>/)
  })

  it('http503: HTTP 503 with a plain-text body, which the SDK cannot parse', async () => {
    proxy.set('http503')
    const error = await rejectionOf(getSecret())
    expect(error.$metadata?.httpStatusCode).toBe(503)
    expect(error.name).toBe('SyntaxError')
  })

  it("throttle: HTTP 400 in AWS's JSON error shape, which the SDK reads as ThrottlingException", async () => {
    proxy.set('throttle')
    const response = await post()
    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('ThrottlingException')
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    expect(await response.json()).toEqual({ __type: 'ThrottlingException', message: 'Rate exceeded' })
    const error = await rejectionOf(getParameter())
    expect({ name: error.name, message: error.message }).toEqual({ name: 'ThrottlingException', message: 'Rate exceeded' })
  })
})

describe('broken connections', () => {
  it('reset: the connection is reset (ECONNRESET)', async () => {
    proxy.set('reset')
    expect((await rejectionOf(getParameter())).code).toBe('ECONNRESET')
  })

  it("truncated: moto's answer with its full content-length, closed after half the body", async () => {
    proxy.set('truncated')
    const response = await post(proxy.endpoint, 'secretsmanager.GetSecretValue')
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0)
    await expect(response.arrayBuffer()).rejects.toThrow()
    const error = await rejectionOf(getSecret())
    expect({ code: error.code, message: error.message }).toEqual({ code: 'ECONNRESET', message: expect.stringMatching(/^aborted/) })
  })

  it('hang: never answers until the mode changes, then destroys the socket', async () => {
    proxy.set('hang')
    const pending = getParameter()
    expect(await settledWithin(pending, 300)).toBe(false)
    proxy.set('pass')
    expect((await rejectionOf(pending)).code).toBe('ECONNRESET')
  })

  it('hang: close() destroys hung sockets and resolves', async () => {
    const own = await startFaultProxy(motoEndpoint())
    own.set('hang')
    const pending = post(own.endpoint)
    await new Promise((resolve) => setTimeout(resolve, 100))
    await own.close()
    await expect(pending).rejects.toThrow()
    expect(own.counts().total).toBe(1)
  })
})

describe('successes that carry no usable answer', () => {
  it('garbage: HTTP 200 with a body that is not JSON', async () => {
    proxy.set('garbage')
    const response = await post()
    expect(response.status).toBe(200)
    const body = await response.text()
    expect(() => JSON.parse(body)).toThrow(SyntaxError)
  })

  it('html: HTTP 200 with an HTML page', async () => {
    proxy.set('html')
    const response = await post()
    expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({ status: 200, type: 'text/html' })
    expect(await response.text()).toMatch(/^<!DOCTYPE html>/)
  })

  it('empty200: HTTP 200 with {}, which the SDK takes as a success without a value', async () => {
    proxy.set('empty200')
    const output = await getSecret()
    expect(output.$metadata.httpStatusCode).toBe(200)
    expect({ string: output.SecretString, binary: output.SecretBinary }).toEqual({ string: undefined, binary: undefined })
  })
})

describe('service filter and counts', () => {
  it('applies a mode to the one service named, by x-amz-target', async () => {
    proxy.set({ mode: 'http500', service: 'ssm' })
    expect((await rejectionOf(getParameter())).$metadata?.httpStatusCode).toBe(500)
    expect((await getSecret()).SecretString).toBe(SECRET_VALUE)
    expect(proxy.counts().requests.map(({ service, mode }) => ({ service, mode }))).toEqual([
      { service: 'ssm', mode: 'http500' },
      { service: 'secretsmanager', mode: 'pass' },
    ])
  })

  it('faults only the first `times` requests it applies to, then passes', async () => {
    proxy.set({ mode: 'throttle', service: 'ssm', times: 2 })
    expect((await rejectionOf(getParameter())).name).toBe('ThrottlingException')
    expect((await getSecret()).SecretString).toBe(SECRET_VALUE)
    expect((await rejectionOf(getParameter())).name).toBe('ThrottlingException')
    expect((await getParameter()).Parameters?.[0]?.Value).toBe(ENDPOINT_VALUE)
    expect(proxy.counts().requests.map(({ mode }) => mode)).toEqual(['throttle', 'pass', 'throttle', 'pass'])
  })

  it('counts requests per operation and per second; reset() forgets them', async () => {
    await getParameter()
    await getParameter()
    await getSecret()
    const counts = proxy.counts()
    expect(counts.byOperation).toEqual({ GetParameters: 2, GetSecretValue: 1 })
    expect(Object.values(counts.perSecond).reduce((sum, count) => sum + count, 0)).toBe(3)
    proxy.reset()
    expect(proxy.counts().total).toBe(0)
  })
})
