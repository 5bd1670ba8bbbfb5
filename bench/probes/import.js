/**
 * Import and readiness of one bundled handler: module evaluation, then handler creation,
 * then a first invocation against an instant registry (delay 0), so that what is timed is
 * loading and CPU, not the network. Lists the SDK clients the process loaded.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { datasetOf, lambdaContext } from '../lib/dataset.js'
import { FakeAws } from '../lib/fake-aws.js'
import { assertValues, nowMs, readConfig, report } from '../lib/probe.js'

const { file, n, m } = readConfig()
const dataset = datasetOf(n, m)
const fake = new FakeAws({ store: dataset.store, delayMs: 0 })

const start = nowMs()
const { createHandler } = await import(pathToFileURL(file).href)
const importedAt = nowMs()
const handler = createHandler({ dataset, awsClientOptions: fake.clientOptions(), cacheExpiryMs: 300_000, body: (context) => assertValues(context, dataset) })
await handler({}, lambdaContext('first'))
const readyAt = nowMs()

// The SDK ships CommonJS: a client that was loaded from node_modules is in require's cache.
const loaded = Object.keys(createRequire(import.meta.url).cache)
const clients = [...new Set(loaded.map((path) => /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(path)?.[1]).filter(Boolean))]
report({ importMs: importedAt - start, readyMs: readyAt - start, clients: clients.sort() })
