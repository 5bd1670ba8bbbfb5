/**
 * One cold start: import the handler module and build the handler (Lambda init), then
 * invoke it once. Prefetching libraries start their requests during init.
 */
import { datasetOf, lambdaContext } from '../lib/dataset.js'
import { FakeAws } from '../lib/fake-aws.js'
import { assertValues, handlerUrl, nowMs, readConfig, report } from '../lib/probe.js'

const { library, n, m, delayMs, prefetch = true } = readConfig()
const dataset = datasetOf(n, m)
const fake = new FakeAws({ store: dataset.store, delayMs })
let bodyAt

const initStart = nowMs()
const { createHandler } = await import(handlerUrl(library, m === 0 ? 'ssm' : 'full'))
const handler = await createHandler({
  dataset,
  awsClientOptions: fake.clientOptions(),
  cacheExpiryMs: 300_000,
  prefetch,
  body: (context) => {
    bodyAt = nowMs()
    assertValues(context, dataset)
  },
})
const invokedAt = nowMs()
await handler({}, lambdaContext('cold'))

report({ initMs: invokedAt - initStart, firstMs: bodyAt - invokedAt, totalMs: bodyAt - initStart, requests: fake.counts })
