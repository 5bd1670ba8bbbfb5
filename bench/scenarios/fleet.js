/**
 * Fleet (`fleet`): N execution environments cold-start within a window against one fake AWS
 * on loopback that enforces each API's quota with a token bucket, scaled by N / 1,000 (100
 * environments in 10 s against 4 TPS stand for Lambda's 1,000 in 10 s against Parameter
 * Store's 40). And the steady state of N warm environments, computed from the requests a
 * warm environment sends per hour (the `requests` probe, 10 names + 2 secrets).
 *
 *   BENCH_FLEET_N          environments per fleet (default 100, quotas scaled to match)
 *   BENCH_FLEET_LIBRARIES  ids to run, comma-separated (default all); a partial run reports no verdicts
 */
import { Worker } from 'node:worker_threads'
import { runProbe } from '../lib/child.js'
import { datasetOf } from '../lib/dataset.js'
import { bucketOf, QUOTAS, startFakeAwsServer } from '../lib/fake-aws-server.js'
import { ANCHORS } from '../lib/libraries.js'
import { table } from '../lib/markdown.js'
import { describeRequests, median, medianCounts, percentile } from '../lib/stats.js'

const N = Math.max(1, Number(process.env.BENCH_FLEET_N ?? 100))
const WINDOW_MS = 10_000 // Lambda scales up by 1,000 environments per 10 s
const SCALE = N / 1000
const NAMES = 10
const SECRETS = 2
const TIMEOUT_MS = 6000 // the function's timeout: the first invocation's context counts down from it
const HARD_LIMIT_MS = 30_000 // an environment not ready by then is counted failed and ended
const SNAPSHOT = { bucket: 'registry-snapshots', key: 'prod/snapshot.json' }

const ALL_LIBRARIES = [
  { id: 'registry', label: 'middy-registry' },
  { id: 'registry-ready', label: 'middy-registry + await ready()' },
  { id: 'registry-snapshot', label: 'middy-registry + snapshot + await ready()' },
  ...ANCHORS,
]
// BENCH_FLEET_LIBRARIES=registry,registry-ready runs only those (to try a change; the verdicts then read n/a).
const only = process.env.BENCH_FLEET_LIBRARIES?.split(',').filter(Boolean)
const LIBRARIES = only ? ALL_LIBRARIES.filter(({ id }) => only.includes(id)) : ALL_LIBRARIES

const scaledQuotas = () => Object.fromEntries(Object.entries(QUOTAS).map(([name, rate]) => [name, rate * SCALE]))

function snapshotBody(dataset) {
  const parameters = Object.fromEntries(dataset.parameters.map(({ name, value }) => [name, { value, type: 'String', version: 1, labels: [] }]))
  return JSON.stringify({
    format: 'middy-registry/snapshot',
    version: 1,
    stage: 'prod',
    generatedAt: new Date().toISOString(),
    paths: [],
    parameters,
    withheld: [],
  })
}

/** One environment: a fresh worker thread, ended once its first invocation is over. */
function environment(library, endpoint) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../probes/fleet-environment.js', import.meta.url), {
      workerData: { library, n: NAMES, m: SECRETS, endpoint, timeoutMs: TIMEOUT_MS, snapshot: SNAPSHOT },
      stdout: true,
      stderr: true,
    })
    let settled = false
    const finish = (result) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      worker.terminate().finally(() => resolve(result))
    }
    const timer = setTimeout(() => finish({ ok: false, readyMs: HARD_LIMIT_MS, error: 'not ready within 30 s' }), HARD_LIMIT_MS)
    worker.on('message', finish)
    worker.on('error', (error) => finish({ ok: false, readyMs: Number.NaN, error: String(error).slice(0, 200) }))
    worker.on('exit', () => finish({ ok: false, readyMs: Number.NaN, error: 'worker exited' }))
  })
}

/** N environments of one library started evenly over the window against a fresh, full-bucket fake. */
async function fleetRun(library) {
  const dataset = datasetOf(NAMES, SECRETS)
  const server = await startFakeAwsServer({ store: dataset.store, delayMs: 30, quotas: scaledQuotas(), snapshot: { ...SNAPSHOT, body: snapshotBody(dataset) } })
  const started = performance.now()
  const runs = []
  for (let index = 0; index < N; index++) {
    const due = started + (index * WINDOW_MS) / N
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    runs.push(environment(library, server.endpoint))
  }
  const results = await Promise.all(runs)
  await server.close()
  return { results, counts: { ...server.counts }, throttled: { ...server.throttled } }
}

// Steady state: environments × requests per environment per second, by quota bucket.
const STEADY_FLEETS = [100, 1000, 10_000]
const HOURS = 2

async function steadyState(log) {
  const rows = []
  const perHour = {}
  for (const { id, label } of [{ id: 'registry', label: 'middy-registry' }, ...ANCHORS]) {
    const runs = []
    for (let run = 0; run < 3; run++)
      runs.push((await runProbe('requests-per-hour', { library: id, hours: HOURS, n: NAMES, m: SECRETS })).hours.at(-1).requests)
    perHour[id] = { label, counts: medianCounts(runs) }
  }
  // The snapshot tier: the same secrets; its names through one conditional GetObject per expiry (304 while unchanged).
  const ours = perHour.registry.counts
  perHour['registry-snapshot'] = {
    label: 'middy-registry + snapshot (computed: GetParameters replaced by one GetObject per expiry)',
    counts: { ...Object.fromEntries(Object.entries(ours).filter(([operation]) => bucketOf(operation) !== 'ssm:reads')), 'S3 GetObject': 3600 / 300 },
  }
  for (const [id, { label, counts }] of Object.entries(perHour)) {
    const byBucket = {}
    for (const [operation, count] of Object.entries(counts)) byBucket[bucketOf(operation)] = (byBucket[bucketOf(operation)] ?? 0) + count / 3600
    for (const environments of STEADY_FLEETS) {
      const cells = Object.entries(byBucket)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([bucket, perSecond]) => {
          const tps = perSecond * environments
          const share = tps / QUOTAS[bucket]
          return `${bucket === 'ssm:reads' ? 'SSM reads' : bucket} ${tps.toFixed(tps < 10 ? 2 : 1)} / ${QUOTAS[bucket]} (${(share * 100).toFixed(share < 0.1 ? 2 : 0)} %)${share > 1 ? ' **over**' : ''}`
        })
      rows.push({
        id,
        environments,
        over: Object.entries(byBucket).some(([bucket, perSecond]) => perSecond * environments > QUOTAS[bucket]),
        cells: [label, environments.toLocaleString('en-US'), describeRequests(counts), cells.join('; ')],
      })
    }
  }
  log(`fleet: steady state from ${Object.keys(perHour).length} libraries' hourly requests`)
  return rows
}

export const fleet = {
  id: 'fleet',
  async run(_settings, log) {
    // Worker threads get no module resolve hook: the handlers would load Middy 7 whatever the major asked.
    if (process.env.BENCH_MIDDY_MAJOR && process.env.BENCH_MIDDY_MAJOR !== '7') {
      return { sections: [{ title: 'Fleet', markdown: 'Not run: the fleet scenario runs on Middy 7 only.' }], verdicts: [] }
    }
    const outcomes = new Map()
    for (const { id, label } of LIBRARIES) {
      const outcome = await fleetRun(id)
      outcomes.set(id, outcome)
      const failed = outcome.results.filter((result) => !result.ok)
      log(
        `fleet ${label}: ${failed.length}/${N} failed; ${describeRequests(outcome.counts)}; throttled ${describeRequests(outcome.throttled)}${failed[0] ? `; e.g. ${failed[0].error}` : ''}`,
      )
    }
    const quotaLine = Object.entries(scaledQuotas())
      .map(([name, rate]) => `${name === 'ssm:reads' ? 'GetParameter/GetParameters/GetParametersByPath (shared)' : name} ${rate}`)
      .join(', ')
    const coldRows = LIBRARIES.map(({ id, label }) => {
      const { results, counts, throttled } = outcomes.get(id)
      const ready = results.filter((result) => result.ok).map((result) => result.readyMs)
      const errors = [...new Set(results.filter((result) => !result.ok).map((result) => result.error.slice(0, 90)))].slice(0, 2)
      return [
        label,
        `**${results.length - ready.length}**`,
        ready.length ? median(ready).toFixed(0) : 'n/a',
        ready.length ? percentile(ready, 99).toFixed(0) : 'n/a',
        describeRequests(counts),
        describeRequests(throttled),
        errors.length ? errors.join('; ').replaceAll('|', '\\|') : '—',
      ]
    })
    const coldTable = table(
      ['library', 'failed cold starts', 'p50 to ready (ms)', 'p99 to ready (ms)', 'requests by API', 'of which throttled', 'failures'],
      coldRows,
    )
    if (only) return { sections: [{ title: `Fleet (partial: ${only.join(', ')})`, markdown: coldTable }], verdicts: [] }
    const steady = await steadyState(log)
    const failedOf = (id) => outcomes.get(id).results.filter((result) => !result.ok).length
    const anchorFailures = ANCHORS.map(({ id }) => failedOf(id))
    const oursPlain = Math.min(failedOf('registry'), failedOf('registry-ready'))
    const steadyOurs = steady.filter((row) => row.id === 'registry' && row.environments === 10_000)
    const markdown = [
      `${N} execution environments (worker threads, each with its own module graph and so its own process-wide cache) cold-start evenly over ${WINDOW_MS / 1000} s, Lambda's documented scaling of 1,000 environments per 10 s scaled by ${SCALE}. One fake AWS on loopback (HTTP, 30 ms per request) serves them all and enforces each API's default quota × ${SCALE} with a token bucket holding one second of quota (full at the start; AWS does not publish its burst): ${quotaLine} requests per second. A request its bucket refuses is answered HTTP 400 \`ThrottlingException\` (S3: 503 \`SlowDown\`), as AWS does, so the SDK's standard retry strategy (3 attempts, its own backoff and retry quota) and each library's own retries run as in AWS. Each environment declares ${NAMES} names and ${SECRETS} secrets, runs Lambda init (ours with \`await ready()\` awaits its first fetch there; the anchors prefetch), then one invocation whose \`getRemainingTimeInMillis()\` counts down from ${TIMEOUT_MS / 1000} s, the function's timeout. A cold start fails if the invocation throws, does not reach the handler body within the timeout, or the environment is not ready within 30 s. Time to ready: from the environment's start to the handler body of its first invocation. One run per library (each a whole fleet); requests counted by the fake, retries included. The snapshot is one S3 object (GetObject, path-style on the loopback endpoint) holding the ${NAMES} names.`,
      '',
      coldTable,
      '',
      `**Steady state**, computed: TPS per quota = environments × (requests a warm environment sends per hour ÷ 3,600), the hourly requests measured by the \`requests\` probe (one invocation a second, default expiry 5 minutes, second hour counted, ${NAMES} names + ${SECRETS} secrets, median of 3 runs), against the default (unscaled) quota. Ours: GetParameters of up to 10 names per expiry, DescribeSecret per secret per expiry (revalidation) and a value read (BatchGetSecretValue) when the version changes or hourly; the anchors: GetParameters per expiry and GetSecretValue per secret per expiry.`,
      '',
      table(
        ['library', 'warm environments', 'requests per environment per hour', 'TPS / quota (share)'],
        steady.map((row) => row.cells),
      ),
    ].join('\n')
    return {
      sections: [{ title: `Fleet: ${N} cold starts in ${WINDOW_MS / 1000} s against quotas × ${SCALE}`, markdown }],
      verdicts: [
        {
          target: `0 failed cold starts at the scaled equivalent of 1,000 environments in 10 s on default quotas, with the snapshot`,
          met: failedOf('registry-snapshot') === 0 && N >= 100,
          detail: `${failedOf('registry-snapshot')} of ${N} failed`,
        },
        {
          target: 'fewer failed cold starts than both anchors without the snapshot',
          met: oursPlain < Math.min(...anchorFailures),
          detail: `ours ${failedOf('registry')} (with ready(): ${failedOf('registry-ready')}), anchors ${ANCHORS.map(({ label }, index) => `${label} ${anchorFailures[index]}`).join(', ')}`,
        },
        {
          target: 'steady state within every quota at 10,000 warm environments, default expiry',
          met: steadyOurs.every((row) => !row.over),
          detail: steadyOurs.map((row) => row.cells[3]).join('; '),
        },
      ],
    }
  },
}
