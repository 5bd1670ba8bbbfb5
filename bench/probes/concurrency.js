/**
 * Many invocations at once on a cold cache (Lambda Managed Instances serve up to 64 per
 * vCPU from one process). Prefetch is off, so the invocations themselves must share the
 * fetch: requests should equal those of a single invocation.
 */
import { datasetOf, lambdaContext } from '../lib/dataset.js'
import { FakeAws } from '../lib/fake-aws.js'
import { assertValues, handlerUrl, nowMs, readConfig, report } from '../lib/probe.js'

const { library, n, m, delayMs, concurrency } = readConfig()
const dataset = datasetOf(n, m)
const fake = new FakeAws({ store: dataset.store, delayMs })
const handler = (await import(handlerUrl(library, m === 0 ? 'ssm' : 'full'))).createHandler({
  dataset,
  awsClientOptions: fake.clientOptions(),
  cacheExpiryMs: 300_000,
  prefetch: false,
  body: (context) => assertValues(context, dataset),
})

const start = nowMs()
const outcomes = await Promise.all(
  Array.from({ length: concurrency }, (_, index) =>
    handler({}, lambdaContext(`concurrent-${index}`)).then(
      () => ({ ms: nowMs() - start, failed: false }),
      () => ({ ms: nowMs() - start, failed: true }),
    ),
  ),
)
report({ latenciesMs: outcomes.map(({ ms }) => ms), failed: outcomes.filter(({ failed }) => failed).length, requests: fake.counts })
