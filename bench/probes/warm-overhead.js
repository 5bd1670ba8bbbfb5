/**
 * Warm overhead: after warm-up, alternate blocks of invocations of a bare Middy handler
 * and of the library's handler in the same process; the difference is the library's cost.
 */
import { datasetOf, lambdaContext } from '../lib/dataset.js'
import { FakeAws } from '../lib/fake-aws.js'
import { assertValues, handlerUrl, nowMs, readConfig, report } from '../lib/probe.js'

const { library, n = 10, m = 2, delayMs, blocks = 5, perBlock = 40_000, warmup = 20_000 } = readConfig()
const dataset = datasetOf(n, m)
const fake = new FakeAws({ store: dataset.store, delayMs })
let verifying = true
// The same body for both handlers; only the library's is checked for injected values.
const bodyFor = (injects) => (context) => {
  if (verifying && injects) assertValues(context, dataset)
  return context.awsRequestId
}

const options = { dataset, awsClientOptions: fake.clientOptions(), cacheExpiryMs: 300_000 }
const bare = (await import(handlerUrl('bare'))).createHandler({ ...options, body: bodyFor(false) })
const candidate = (await import(handlerUrl(library))).createHandler({ ...options, body: bodyFor(true) })

async function invoke(handler, count) {
  for (let index = 0; index < count; index++) await handler({}, lambdaContext('warm'))
}

/** Nanoseconds per invocation over one block. */
async function timeBlock(handler) {
  globalThis.gc?.()
  const start = nowMs()
  await invoke(handler, perBlock)
  return ((nowMs() - start) * 1e6) / perBlock
}

await invoke(candidate, 1)
await invoke(bare, 1)
verifying = false
await invoke(candidate, warmup)
await invoke(bare, warmup)
fake.resetCounts()
const bareNs = []
const libraryNs = []
for (let block = 0; block < blocks; block++) {
  bareNs.push(await timeBlock(bare))
  libraryNs.push(await timeBlock(candidate))
}
verifying = true
await invoke(candidate, 1)
report({ bareNs, libraryNs, requestsWhileMeasuring: fake.totalRequests() })
