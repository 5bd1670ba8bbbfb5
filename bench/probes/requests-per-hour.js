/**
 * Requests a warm execution environment sends per hour when nothing changes: a fake clock
 * (@sinonjs/fake-timers: Date, timers, setImmediate) drives one invocation every `periodMs`
 * for `hours` simulated hours after a cold start, and the last hour is counted. Timers fire
 * on the simulated clock when they are due, as if the process were never frozen.
 */
import FakeTimers from '@sinonjs/fake-timers'
import { datasetOf, lambdaContext } from '../lib/dataset.js'
import { FakeAws } from '../lib/fake-aws.js'
import { appConfigProfile, cloudMapService, countingClient, fromStore, s3Object } from '../lib/fake-clients.js'
import { assertValues, handlerUrl, readConfig, report } from '../lib/probe.js'

const { library, hours = 2, periodMs = 1000, n = 10, m = 5, cacheExpiryMs = 300_000 } = readConfig()
// Signers take credentials from the environment when no client gives them.
process.env.AWS_ACCESS_KEY_ID = 'AKIDBENCHMARK'
process.env.AWS_SECRET_ACCESS_KEY = 'benchmark-secret-access-key'
process.env.AWS_REGION = 'eu-west-1'

const clock = FakeTimers.install({ now: Date.UTC(2026, 11, 7, 12) })
const counts = {}
const events = {}
const countEvent = ({ type }) => {
  events[type] = (events[type] ?? 0) + 1
}
const awsClientOptions = { region: 'eu-west-1', credentials: { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark-secret-access-key' } }

/** The registry and Middy, loaded once the clock is fake (they read timers when they run). */
const loadRegistry = async () => ({ middy: (await import('@middy/core')).default, ...(await import('../.build/registry/dist/index.js')) })

const tenantsOf = (count) => {
  const ids = Array.from({ length: count }, (_, index) => `tenants/t${String(index).padStart(4, '0')}/api-key`)
  return { ids, store: { parameters: new Map(), secrets: new Map(ids.map((id) => [id, `sk_${id}`])) } }
}

/** The newer sources' cases: a registry with one declaration and a counting client. */
const SOURCES = {
  s3: async ({ registry, s3 }) => {
    const { S3Client } = await import('@aws-sdk/client-s3')
    const client = countingClient(S3Client, s3Object('{"rps":100,"burst":20}'), counts)
    return registry({ fetch: { limits: s3.json('acme-config', 'orders/prod/limits.json') }, clients: { s3: client }, onEvent: countEvent })
  },
  appconfig: async ({ registry, appConfig }, expiry = undefined) => {
    const { AppConfigDataClient } = await import('@aws-sdk/client-appconfigdata')
    const client = countingClient(AppConfigDataClient, appConfigProfile({ rps: 100 }), counts)
    const options = { agent: false, ...(expiry === undefined ? {} : { cacheExpiry: expiry }) }
    return registry({
      fetch: { limits: appConfig.json({ application: 'shop', environment: 'prod', profile: 'limits' }, options) },
      clients: { appConfig: client },
      onEvent: countEvent,
    })
  },
  'appconfig-30s': (registry) => SOURCES.appconfig(registry, 30_000),
  rds: ({ registry, rdsAuthToken }) =>
    registry({
      fetch: { dbToken: rdsAuthToken({ hostname: 'orders.cluster-abc123.eu-west-1.rds.amazonaws.com', port: 5432, username: 'orders_app' }) },
      awsClientOptions,
      onEvent: countEvent,
    }),
  dsql: ({ registry, dsqlAuthToken }) =>
    registry({ fetch: { ledgerToken: dsqlAuthToken({ hostname: 'abc123def456ghi789jkl012.dsql.eu-west-1.on.aws' }) }, awsClientOptions, onEvent: countEvent }),
  cloudmap: async ({ registry, cloudMap }, healthStatus = undefined) => {
    const { ServiceDiscoveryClient } = await import('@aws-sdk/client-servicediscovery')
    const client = countingClient(ServiceDiscoveryClient, cloudMapService(), counts)
    return registry({
      fetch: { payments: cloudMap({ namespace: 'orders.internal', service: 'payments', ...(healthStatus ? { healthStatus } : {}) }) },
      clients: { serviceDiscovery: client },
      onEvent: countEvent,
    })
  },
  'cloudmap-all': (registry) => SOURCES.cloudmap(registry, 'ALL'),
}

/** Per-invocation ids: each invocation serves the next of `count` tenants, round robin. */
async function tenantsCase({ registry, secret }, count) {
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager')
  const { ids, store } = tenantsOf(count)
  const client = countingClient(SecretsManagerClient, fromStore(store), counts)
  const middleware = registry({
    fetch: { tenantKey: secret(({ event }) => `tenants/${event.tenant}/api-key`) },
    clients: { secretsManager: client },
    onEvent: countEvent,
  })
  return { middleware, eventOf: (index) => ({ tenant: ids[index % count].split('/')[1] }) }
}

/** Powertools' AppConfig provider, the anchor for AppConfig, on the same counting client. */
async function powertoolsAppConfig(middy) {
  const { AppConfigDataClient } = await import('@aws-sdk/client-appconfigdata')
  const { AppConfigProvider } = await import('@aws-lambda-powertools/parameters/appconfig')
  const client = countingClient(AppConfigDataClient, appConfigProfile({ rps: 100 }), counts)
  const provider = new AppConfigProvider({ application: 'shop', environment: 'prod', awsSdkV3Client: client })
  const handler = middy()
    .use({
      before: async ({ context }) => {
        context.limits = await provider.get('limits', { maxAge: cacheExpiryMs / 1000, transform: 'json' })
      },
    })
    .handler(async (_event, context) => {
      if (context.limits?.rps !== 100) throw new Error('Powertools AppConfig gave no configuration')
    })
  return { handler }
}

/** `{ handler, eventOf, stats?, fake? }` for the library or case named. */
async function setUp() {
  if (['registry', 'registry-no-revalidate', 'middy', 'powertools'].includes(library)) {
    const dataset = datasetOf(n, m)
    const fake = new FakeAws({ store: dataset.store, delayMs: 0 })
    const { createHandler } = await import(handlerUrl(library))
    const handler = await createHandler({ dataset, awsClientOptions: fake.clientOptions(), cacheExpiryMs, body: (context) => assertValues(context, dataset) })
    return { handler, fake }
  }
  const modules = await loadRegistry()
  if (library === 'powertools-appconfig') return powertoolsAppConfig(modules.middy)
  const tenants = /^tenants-(\d+)$/.exec(library)
  const { middleware, eventOf } = tenants ? await tenantsCase(modules, Number(tenants[1])) : { middleware: await SOURCES[library](modules) }
  const handler = modules
    .middy()
    .use(middleware)
    .handler(async () => undefined)
  return { handler, eventOf, stats: () => middleware.stats() }
}

const { handler, eventOf = () => ({}), stats, fake } = await setUp()
const requestsNow = () => (fake ? { ...fake.counts } : { ...counts })

/** One invocation; the clock moves only for timers the invocation itself waits on. */
async function invoke(index) {
  let settled = false
  const invocation = handler(eventOf(index), lambdaContext(`rph-${index}`)).finally(() => {
    settled = true
  })
  for (let spin = 0; !settled && spin < 10_000; spin++) await clock.tickAsync(spin < 100 ? 0 : 1)
  await invocation
}

const start = clock.now
const hourMs = 3_600_000
const perHour = hourMs / periodMs
const hourly = []
let failed = 0
let before = { requests: requestsNow(), events: { ...events }, stats: stats?.() }
for (let index = 0; index < hours * perHour; index++) {
  await clock.tickAsync(Math.max(0, start + index * periodMs - clock.now))
  if (index > 0 && index % perHour === 0) {
    const after = { requests: requestsNow(), events: { ...events }, stats: stats?.() }
    hourly.push({ before, after })
    before = after
  }
  try {
    await invoke(index)
  } catch {
    failed++
  }
}
await clock.tickAsync(Math.max(0, start + hours * periodMs * perHour - clock.now))
hourly.push({ before, after: { requests: requestsNow(), events: { ...events }, stats: stats?.() } })

const difference = (after = {}, earlier = {}) =>
  Object.fromEntries(
    Object.keys(after)
      .map((name) => [name, (after[name] ?? 0) - (earlier[name] ?? 0)])
      .filter(([, count]) => count !== 0),
  )

clock.uninstall()
report({
  invocationsPerHour: perHour,
  failed,
  hours: hourly.map(({ before: earlier, after }) => ({
    requests: difference(after.requests, earlier.requests),
    events: difference(after.events, earlier.events),
    evictions: after.stats ? after.stats.evictions - earlier.stats.evictions : undefined,
  })),
})
