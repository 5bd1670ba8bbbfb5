/**
 * Requests per hour of a warm execution environment, at the default expiry (5 minutes) with
 * nothing changing: a fake clock drives one invocation a second for two simulated hours and
 * the second hour is counted (probes/requests-per-hour.js). No latency, no timing: counts only.
 */
import { runProbe } from '../lib/child.js'
import { table } from '../lib/markdown.js'
import { describeRequests, median, medianCounts, requestTotal } from '../lib/stats.js'

const HOURS = 2
const PERIOD_MS = 1000
const POLL_INTERVAL_S = 60

/** (a) 10 names + 5 secrets, each library as the other scenarios configure it (5 minutes). */
const LIBRARY_ROWS = [
  { id: 'registry', label: 'middy-registry (revalidation, the default)' },
  { id: 'registry-no-revalidate', label: 'middy-registry, `revalidate: false` on the secrets' },
  { id: 'middy', label: '@middy/ssm + @middy/secrets-manager' },
  { id: 'powertools', label: '@aws-lambda-powertools/parameters' },
]

/** (b) The newer sources, one declaration each, through counting clients (`clients` option). */
const SOURCE_ROWS = [
  { id: 's3', label: 'middy-registry: `s3.json()`, one object', what: 'GetObject answered 200 (body) or 304 (If-None-Match on the ETag)' },
  { id: 'appconfig', label: 'middy-registry: `appConfig.json()`, one profile', what: 'AppConfig Data API, poll interval 60 s' },
  {
    id: 'appconfig-30s',
    label: 'middy-registry: `appConfig.json()`, `cacheExpiry: 30_000`',
    what: 'expiry below the 60 s poll interval: no poll sooner than AppConfig allows',
  },
  { id: 'powertools-appconfig', label: 'Powertools `AppConfigProvider` (maxAge 300 s)', what: 'the anchor for AppConfig' },
  { id: 'rds', label: 'middy-registry: `rdsAuthToken()`', what: 'signed locally: token cacheExpiry 10 min, maxStale 4 min (its defaults)' },
  { id: 'dsql', label: 'middy-registry: `dsqlAuthToken()`', what: 'signed locally, the same defaults' },
  { id: 'cloudmap', label: 'middy-registry: `cloudMap()`, HEALTHY (default)', what: 'health can change without the revision: read again' },
  { id: 'cloudmap-all', label: "middy-registry: `cloudMap()`, `healthStatus: 'ALL'`", what: 'revalidated by DiscoverInstancesRevision' },
  {
    id: 'tenants-100',
    label: 'middy-registry: per-invocation `secret()`, 100 tenants',
    what: 'round robin: each tenant every 100 s; maxEntries 1000 (default)',
  },
  {
    id: 'tenants-2000',
    label: 'middy-registry: per-invocation `secret()`, 2,000 tenants',
    what: 'round robin: each tenant every 2,000 s, more tenants than maxEntries (1000)',
  },
]

const RUNS = 3
const PARALLEL = 2

async function measure(rows, log) {
  const jobs = rows.flatMap(({ id }) => Array.from({ length: RUNS }, () => id))
  const results = new Map(rows.map(({ id }) => [id, []]))
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const id = jobs[next++]
      results.get(id).push(await runProbe('requests-per-hour', { library: id, hours: HOURS, periodMs: PERIOD_MS }))
    }
  }
  log(`requests per hour: ${rows.length} cases × ${RUNS} runs of ${HOURS} simulated hours`)
  await Promise.all(Array.from({ length: PARALLEL }, worker))
  return results
}

const counted = (run) => run.hours.at(-1)
const first = (run) => run.hours[0]
const totals = (runs, pick) => runs.map((run) => requestTotal(pick(run).requests))
const range = (values) => (Math.min(...values) === Math.max(...values) ? `${values[0]}` : `${Math.min(...values)}–${Math.max(...values)}`)
const eventCount = (runs, ...types) => median(runs.map((run) => types.reduce((sum, type) => sum + (counted(run).events[type] ?? 0), 0)))

export const requestsPerHour = {
  id: 'requests',
  async run(_settings, log) {
    const results = await measure([...LIBRARY_ROWS, ...SOURCE_ROWS], log)
    const libraryRows = LIBRARY_ROWS.map(({ id, label }) => {
      const runs = results.get(id)
      return [
        label,
        `**${median(totals(runs, counted))}**`,
        describeRequests(medianCounts(runs.map((run) => counted(run).requests))),
        median(totals(runs, first)),
        median(runs.map((run) => run.failed)),
      ]
    })
    const sourceRows = SOURCE_ROWS.map(({ id, label, what }) => {
      const runs = results.get(id)
      const evictions = runs.map((run) => counted(run).evictions).filter((value) => value !== undefined)
      return [
        label,
        `**${median(totals(runs, counted))}**`,
        describeRequests(medianCounts(runs.map((run) => counted(run).requests))),
        id === 'powertools-appconfig' ? '—' : `${eventCount(runs, 'refresh', 'miss')} / ${eventCount(runs, 'revalidate')}`,
        evictions.length > 0 ? median(evictions) : '—',
        what,
      ]
    })
    const appConfig30 = results.get('appconfig-30s').map((run) =>
      Object.entries(counted(run).requests)
        .filter(([name]) => name.startsWith('GetLatest'))
        .reduce((sum, [, count]) => sum + count, 0),
    )
    const markdown = [
      `A warm execution environment with nothing changing: one invocation every ${PERIOD_MS / 1000} s for ${HOURS} simulated hours after a cold start (a fake clock, \`@sinonjs/fake-timers\`, drives \`Date\`, timers and \`setImmediate\`; timers fire when due, as if the process were never frozen), default cache expiry 5 minutes (Middy \`cacheExpiry\` 300,000 ms, Powertools \`maxAge\` 300 s). Counted: the second hour, requests per operation; medians of ${RUNS} runs (expiry jitter moves a count by one at most). The first hour, cold start included, for comparison.`,
      '**10 names + 5 secrets** (real SDK clients on the latency simulator, latency 0):',
      table(['library', 'requests in the 2nd hour', 'by operation', '1st hour (cold start included)', 'failed invocations'], libraryRows),
      "**The newer sources**, one declaration each, through in-process counting clients passed by the registry's `clients` option (real SDK clients whose stack answers from memory; Powertools gets the same client as `awsSdkV3Client`). Fetches are `refresh` and `miss` events (for the tokens: signatures, which send no request); revalidations are `revalidate` events. `@middy/s3` and `@middy/appconfig` are not installed here, so S3 has no anchor and Powertools' provider is AppConfig's:",
      table(
        ['case', 'requests in the 2nd hour', 'by operation', 'fetches / revalidations in the 2nd hour', 'evictions in the 2nd hour', 'what it shows'],
        sourceRows,
      ),
    ]
    const verdicts = [
      {
        target: `AppConfig's poll interval (${POLL_INTERVAL_S} s) is honoured with a shorter cacheExpiry (30 s)`,
        met: Math.max(...appConfig30) <= 3600 / POLL_INTERVAL_S,
        detail: `${range(appConfig30)} GetLatestConfiguration an hour, at most ${3600 / POLL_INTERVAL_S} allowed`,
      },
    ]
    return { sections: [{ title: 'Requests per hour, warm', markdown: markdown.join('\n\n') }], verdicts }
  },
}
