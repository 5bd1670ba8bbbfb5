/**
 * A latency simulator for the benchmark (not a test fake): an SDK v3 request handler that
 * answers the AWS JSON protocol from memory after a fixed delay, and counts requests per
 * operation. Every library gets real SDK clients built on it, so serialisation, signing,
 * retries and parsing cost what they cost in Lambda; only the network is replaced.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { HttpResponse } from '@smithy/protocol-http'
import { answer } from './fake-operations.js'

/** Reused-connection latency of SSM inside Lambda (published traces: 29-39 ms). */
export const DEFAULT_DELAY_MS = 30

const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.1' }

const headerOf = (headers, name) => {
  const found = Object.keys(headers).find((key) => key.toLowerCase() === name)
  return found === undefined ? undefined : headers[found]
}

// The SDK sends JSON bodies as bytes (older versions as a string).
const bodyText = (body) =>
  typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') : ''

const respond = (statusCode, payload) => ({
  response: new HttpResponse({ statusCode, headers: JSON_HEADERS, body: Buffer.from(JSON.stringify(payload)) }),
})

export class FakeAws {
  /** Requests received, by operation (`GetParameters`, `BatchGetSecretValue`…), retries included. */
  counts = {}
  #failures = []

  constructor({ store, delayMs = DEFAULT_DELAY_MS }) {
    this.store = store
    this.delayMs = delayMs
    this.metadata = { handlerProtocol: 'http/1.1' }
  }

  /** Answers 500 to every request received between `from` and `until` (epoch ms). */
  failBetween(from, until) {
    this.#failures.push({ from, until })
  }

  resetCounts() {
    this.counts = {}
  }

  totalRequests() {
    return Object.values(this.counts).reduce((sum, count) => sum + count, 0)
  }

  async handle(request) {
    const target = headerOf(request.headers, 'x-amz-target') ?? ''
    const operation = target.slice(target.indexOf('.') + 1)
    this.counts[operation] = (this.counts[operation] ?? 0) + 1
    const receivedAt = Date.now()
    if (this.delayMs > 0) await sleep(this.delayMs)
    if (this.#failures.some(({ from, until }) => receivedAt >= from && receivedAt < until)) {
      return respond(500, { __type: 'InternalFailure', message: 'simulated registry outage' })
    }
    const input = JSON.parse(bodyText(request.body) || '{}')
    const { status, payload } = answer(this.store, operation, input)
    return respond(status, payload)
  }

  // The SDK may call these on a custom handler; there is nothing to configure or close.
  updateHttpClientConfig() {}
  httpHandlerConfigs() {
    return {}
  }
  destroy() {}

  /** Options for any SDK v3 client: this handler, a Region and static credentials (signing still runs). */
  clientOptions() {
    return {
      requestHandler: this,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark-secret-access-key' },
    }
  }
}
