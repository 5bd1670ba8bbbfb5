/**
 * `npm run demo`: runs the handler in handler.ts twice, offline, against the registry file
 * in this folder (registry.yaml, the file `middy-registry plan`/`apply` would write to
 * AWS). No AWS account, no network, no build: like handler.ts, it imports the package by
 * name, which tsconfig.json's "paths" resolve to the sources in this repository.
 */

import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Context } from 'aws-lambda'
import { clearRegistryCache, DEFAULT_CACHE_EXPIRY } from 'middy-registry'
import { LOCAL_REGISTRY_ENV } from 'middy-registry/local'
import { parseDocument } from 'yaml'

const original = fileURLToPath(new URL('./registry.yaml', import.meta.url))
// The demo edits the registry to show the cache at work, so it runs on a copy.
const workDirectory = mkdtempSync(join(tmpdir(), 'middy-registry-demo-'))
const registryFile = join(workDirectory, 'registry.yaml')
copyFileSync(original, registryFile)

// The variable names a file (a locator). Set before the handler module loads: registry()
// reads it, and prefetches, at init.
process.env[LOCAL_REGISTRY_ENV] = registryFile
// The file holds no secret values, only the variables they come from: a developer's shell
// (or a .env file kept out of git) sets them; the demo sets development values itself.
process.env.DEMO_ORDERS_API_KEY ??= 'demo-orders-key-7c3a9b5e4a2c8f6e0d1f'
process.env.DEMO_DB_SECRET ??= JSON.stringify({
  engine: 'postgres',
  host: 'orders-db.cluster-demo.eu-west-1.rds.amazonaws.com',
  port: 5432,
  username: 'orders_app',
  password: 'local-only-not-a-real-password',
})
const { handler } = await import('./handler.js')
type HandlerContext = Parameters<typeof handler>[1]

function lambdaContext(requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'orders-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:orders-api',
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/orders-api',
    logStreamName: '2025/01/01/[$LATEST]demo',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }
}

const LAMBDA_BOILERPLATE = ['callbackWaitsForEmptyEventLoop', 'functionVersion', 'invokedFunctionArn', 'memoryLimitInMB', 'logGroupName', 'logStreamName']

const mask = (value: unknown) => `****(${String(value).length})`

async function invoke(requestId: string, orderId: string, { pretty }: { pretty: boolean }) {
  // Lambda hands the function a plain context; middy's types describe it after the middleware ran.
  const context = lambdaContext(requestId) as HandlerContext
  const started = performance.now()
  const result = await handler({ orderId }, context)
  const elapsed = (performance.now() - started).toFixed(2)
  console.log(`\n── invocation ${requestId} (order ${orderId}): ${elapsed} ms`)
  // What a logger would print: JSON.stringify skips the secrets, which are not enumerable.
  const logged = JSON.stringify(context)
  const shown = JSON.parse(logged) as Record<string, unknown>
  for (const key of LAMBDA_BOILERPLATE) delete shown[key]
  console.log('JSON.stringify(context), without the Lambda fields other than functionName and awsRequestId:')
  console.log(JSON.stringify(shown, null, pretty ? 2 : undefined))
  const leaked = [context.ordersApiKey, context.db.password].some((value) => logged.includes(value))
  console.log(`secrets are on the context, but JSON.stringify(context) holds none of them: ${!leaked}`)
  console.log(`  context.ordersApiKey = ${mask(context.ordersApiKey)}`)
  console.log(
    `  context.db = { ${Object.entries(context.db)
      .map(([field, value]) => `${field}: ${mask(value)}`)
      .join(', ')} }`,
  )
  console.log('handler returned:', JSON.stringify(result))
  return context
}

/** Two invocations of a warm function, with the registry edited in between. */
async function showCache(): Promise<boolean> {
  const first = await invoke('req-1', 'ord-1001', { pretty: true })

  // Someone moves the orders service in the registry. A warm function keeps the value it
  // fetched until it expires (DEFAULT_CACHE_EXPIRY unless cacheExpiry says otherwise), then
  // refreshes it in the background while still serving the old one.
  const edited = parseDocument(readFileSync(registryFile, 'utf8'))
  const moved = 'https://orders-v3.internal.example.com'
  edited.setIn(['stages', 'prod', 'services', 'orders', 'endpoint'], moved)
  writeFileSync(registryFile, edited.toString())
  console.log(`\n(registry edited: the orders service, /orders/prod/endpoint by the convention, now points to ${moved})`)

  const second = await invoke('req-2', 'ord-1002', { pretty: false })
  const fromCache = second.ordersUrl === first.ordersUrl
  console.log(
    `\nsecond invocation served from the cache: ${fromCache} (it still sees ${second.ordersUrl};` +
      ` after about ${DEFAULT_CACHE_EXPIRY / 60_000} minutes the file is read again, in the background)`,
  )

  // Proof that the edit was real: an emptied cache reads the file again.
  clearRegistryCache()
  const third = await handler({ orderId: 'ord-1003' }, lambdaContext('req-3') as HandlerContext)
  console.log(`after clearRegistryCache(), a new invocation calls ${third.request.url}`)
  return fromCache
}

console.log(`middy-registry demo: local registry ${relative(process.cwd(), original)} (copied to ${registryFile}),`)
console.log(`selected by ${LOCAL_REGISTRY_ENV}: no AWS account, no network, no AWS SDK client.`)
try {
  if (!(await showCache())) process.exitCode = 1
} finally {
  rmSync(workDirectory, { recursive: true, force: true })
}
