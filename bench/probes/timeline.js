/**
 * A stream of invocations, one every `periodMs` for `durationMs`, against a short cache
 * expiry; optionally the registry fails for a while (an outage). Each child starts its
 * schedule at the epoch time the parent gives it, after its cold start is behind it.
 */
import { datasetOf, lambdaContext } from '../lib/dataset.js'
import { FakeAws } from '../lib/fake-aws.js'
import { assertValues, countUnhandledRejections, handlerUrl, nowMs, readConfig, report, sleepUntil } from '../lib/probe.js'

const { library, n = 10, m = 2, delayMs, cacheExpiryMs, periodMs, durationMs, startAt, outage } = readConfig()
const unhandled = countUnhandledRejections()
const dataset = datasetOf(n, m)
const fake = new FakeAws({ store: dataset.store, delayMs })
const handler = (await import(handlerUrl(library))).createHandler({
  dataset,
  awsClientOptions: fake.clientOptions(),
  cacheExpiryMs,
  body: (context) => assertValues(context, dataset),
})

// Frozen between invocations when the parent emulates Lambda (run by hand, timers keep running).
const freezeUntil = (epochMs) => process.send?.({ freezeUntil: epochMs })

await handler({}, lambdaContext('cold'))
freezeUntil(startAt)
await sleepUntil(startAt)
fake.resetCounts()
if (outage) fake.failBetween(startAt + outage.fromMs, startAt + outage.untilMs)

const invocations = []
for (let index = 0; index * periodMs < durationMs; index++) {
  await sleepUntil(startAt + index * periodMs)
  const start = nowMs()
  let failed = false
  try {
    await handler({}, lambdaContext(`timeline-${index}`))
  } catch {
    failed = true
  }
  invocations.push({ atMs: index * periodMs, ms: nowMs() - start, failed })
  if ((index + 1) * periodMs < durationMs) freezeUntil(startAt + (index + 1) * periodMs)
}
process.disconnect?.()
report({ invocations, requests: fake.counts, unhandledRejections: unhandled.count })
