/**
 * One execution environment of the fleet scenario, in a worker thread of its own (its own
 * module graph, hence its own process-wide caches): Lambda init (import the handler module
 * and build the handler; ours with `ready()` awaits its first fetch there), then a first
 * invocation whose context counts down from the function's timeout. Its SDK clients talk
 * to the shared fake AWS on loopback (lib/fake-aws-server.js) with their default request
 * handler and retry strategy.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { datasetOf } from '../lib/dataset.js'
import { assertValues, handlerUrl, nowMs } from '../lib/probe.js'

const { library, n, m, endpoint, timeoutMs, snapshot } = workerData
const dataset = datasetOf(n, m)
const awsClientOptions = {
  endpoint,
  // S3 (the snapshot) addressed by path on the loopback endpoint; the other clients ignore it.
  forcePathStyle: true,
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark-secret-access-key' },
}
const startedAt = nowMs()
let bodyAt
let initMs
try {
  const { createHandler } = await import(handlerUrl(library))
  const handler = await createHandler({
    dataset,
    awsClientOptions,
    cacheExpiryMs: 300_000,
    snapshot,
    body: (context) => {
      bodyAt = nowMs()
      assertValues(context, dataset)
    },
  })
  initMs = nowMs() - startedAt
  const invokedAt = nowMs()
  const context = {
    awsRequestId: 'fleet-cold',
    functionName: 'bench-fleet',
    functionVersion: '$LATEST',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (nowMs() - invokedAt)),
  }
  await handler({}, context)
  const invocationMs = bodyAt - invokedAt
  // Past the timeout, Lambda would have ended the invocation: a failed cold start too.
  const ok = invocationMs <= timeoutMs
  parentPort.postMessage({ ok, readyMs: bodyAt - startedAt, initMs, error: ok ? undefined : `timed out (${invocationMs.toFixed(0)} ms)` })
} catch (error) {
  parentPort.postMessage({ ok: false, readyMs: nowMs() - startedAt, initMs, error: `${error?.name ?? 'Error'}: ${error?.message ?? error}`.slice(0, 200) })
}
