/**
 * The latency simulator on loopback, for the fleet scenario: an HTTP server that answers the
 * AWS JSON protocol (SSM, Secrets Manager) and S3 GetObject (the snapshot tier) from memory
 * after the configured delay, shared by every execution environment (worker thread) of a run.
 * Each API draws from a token bucket at its quota, scaled: a request that finds its bucket
 * empty is answered as AWS throttles (HTTP 400, `ThrottlingException`), and the SDK's own
 * retry strategy and the libraries' retries take it from there.
 */
import { createServer } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { answer } from './fake-operations.js'

/**
 * Default quotas per account and Region (requests per second), as AWS documents them: the
 * three Parameter Store reads share one (standard throughput), each Secrets Manager API has
 * its own; S3 GetObject allows 5,500 per second per prefix.
 */
export const QUOTAS = {
  'ssm:reads': 40,
  GetSecretValue: 10_000,
  BatchGetSecretValue: 100,
  DescribeSecret: 40_000,
  'S3 GetObject': 5_500,
}

/** The bucket an operation draws from. */
export const bucketOf = (operation) => (['GetParameter', 'GetParameters', 'GetParametersByPath'].includes(operation) ? 'ssm:reads' : operation)

/**
 * A token bucket: `rate` tokens a second, holding at most `capacity` (one second of quota,
 * as assumed here: AWS does not publish its burst), full at the start.
 */
class TokenBucket {
  constructor(rate, capacity = rate) {
    this.rate = rate
    this.capacity = capacity
    this.tokens = capacity
    this.at = performance.now()
  }

  take() {
    const now = performance.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.rate)
    this.at = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.1' }

/**
 * Starts the server; resolves to `{ endpoint, counts, throttled, close }`. `quotas` are the
 * per-second rates already scaled; `snapshot` is `{ bucket, key, body }` served by GetObject
 * (with its ETag: `If-None-Match` on it answers 304).
 */
export async function startFakeAwsServer({ store, delayMs, quotas, snapshot }) {
  const buckets = new Map(Object.entries(quotas).map(([name, rate]) => [name, new TokenBucket(rate)]))
  const counts = {}
  const throttled = {}
  const etag = '"fleet-snapshot-1"'
  const server = createServer((request, response) => {
    const chunks = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', async () => {
      const target = request.headers['x-amz-target'] ?? ''
      const s3 = target === '' && request.method === 'GET'
      const operation = s3 ? 'S3 GetObject' : target.slice(target.indexOf('.') + 1)
      counts[operation] = (counts[operation] ?? 0) + 1
      const allowed = buckets.get(bucketOf(operation))?.take() ?? true
      if (delayMs > 0) await sleep(delayMs)
      if (!allowed) {
        throttled[operation] = (throttled[operation] ?? 0) + 1
        if (s3) {
          response.writeHead(503, { 'content-type': 'application/xml' })
          return response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>')
        }
        response.writeHead(400, { ...JSON_HEADERS, 'x-amzn-errortype': 'ThrottlingException' })
        return response.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }))
      }
      if (s3) {
        const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname)
        if (!snapshot || path !== `/${snapshot.bucket}/${snapshot.key}`) {
          response.writeHead(404, { 'content-type': 'application/xml' })
          return response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>')
        }
        if (request.headers['if-none-match'] === etag) {
          response.writeHead(304, { etag })
          return response.end()
        }
        const body = Buffer.from(snapshot.body)
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, etag })
        return response.end(body)
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
      const { status, payload } = answer(store, operation, input)
      response.writeHead(status, JSON_HEADERS)
      response.end(JSON.stringify(payload))
    })
  })
  // Many environments connect at once: keep-alive as the SDK's agent does, and no backlog limit.
  server.keepAliveTimeout = 60_000
  await new Promise((resolve) => server.listen(0, '127.0.0.1', 1024, resolve))
  const { port } = server.address()
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    throttled,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(resolve)
      }),
  }
}
