/**
 * Warm overhead, separate-process method: this process runs one handler only (a library's,
 * or the bare Middy baseline), so nothing else shapes its JIT. A new Lambda-like context per
 * invocation; after a warm-up, times `invocations` invocations in a row.
 */
import { datasetOf, lambdaContext } from '../lib/dataset.js'
import { FakeAws } from '../lib/fake-aws.js'
import { assertValues, handlerUrl, nowMs, readConfig, report } from '../lib/probe.js'

const { library, n = 10, m = 2, delayMs, warmup = 10_000, invocations = 30_000 } = readConfig()
const dataset = datasetOf(n, m)
const fake = new FakeAws({ store: dataset.store, delayMs })
let verifying = true
const body = (context) => {
  if (verifying && library !== 'bare') assertValues(context, dataset)
  return context.awsRequestId
}
const handler = (await import(handlerUrl(library))).createHandler({ dataset, awsClientOptions: fake.clientOptions(), cacheExpiryMs: 300_000, body })

async function invoke(count) {
  for (let index = 0; index < count; index++) await handler({}, lambdaContext('warm'))
}

await invoke(1)
verifying = false
await invoke(warmup)
fake.resetCounts()
globalThis.gc?.()
const start = nowMs()
await invoke(invocations)
const ns = ((nowMs() - start) * 1e6) / invocations
verifying = true
await invoke(1)
report({ ns, requestsWhileMeasuring: fake.totalRequests() })
