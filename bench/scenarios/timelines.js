/**
 * Invocations every 100 ms for 10 s with a 1 s cache expiry: once against a healthy
 * registry (across expiry), once against one that fails from 2 s to 7 s (outage). The six
 * processes of a run (3 libraries × 2 timelines) run side by side, each in its own slot of
 * the period, and each is frozen between invocations as Lambda freezes it.
 */
import { runProbe } from '../lib/child.js'
import { LIBRARIES, OURS } from '../lib/libraries.js'
import { ms, table } from '../lib/markdown.js'
import { describeRequests, median, medianCounts, percentile, requestTotal, sum } from '../lib/stats.js'

const TIMELINE = { n: 10, m: 2, cacheExpiryMs: 1000, periodMs: 100, durationMs: 10_000 }
const OUTAGE = { fromMs: 2000, untilMs: 7000 }
// Time for six processes to load and take their cold start before the schedule begins.
const START_DELAY_MS = 4000
// Each process gets its own slot in the period: on Lambda every environment has its own
// CPU, so invocations of six processes landing on two cores at the same instant would
// measure the machine's contention, not a library's latency.
const slotOffsetMs = (processes) => Math.floor(TIMELINE.periodMs / processes)

async function measure(settings, log) {
  const results = { expiry: new Map(), outage: new Map() }
  for (const map of Object.values(results)) for (const { id } of LIBRARIES) map.set(id, [])
  for (let run = 0; run < settings.runs; run++) {
    log(`across expiry and outage: run ${run + 1}/${settings.runs} (${TIMELINE.durationMs / 1000} s)`)
    const startAt = Date.now() + START_DELAY_MS
    const slots = LIBRARIES.flatMap(({ id }) => Object.keys(results).map((timeline) => ({ id, timeline })))
    const probes = slots.map(async ({ id, timeline }, slot) => {
      const config = {
        library: id,
        ...TIMELINE,
        delayMs: settings.delayMs,
        startAt: startAt + slot * slotOffsetMs(slots.length),
        ...(timeline === 'outage' ? { outage: OUTAGE } : {}),
      }
      results[timeline].get(id).push(await runProbe('timeline', config, { freezable: true }))
    })
    await Promise.all(probes)
  }
  return results
}

/** Per-run figures of one timeline: latencies of answered invocations, waits, failures. */
function figuresOf(run, settings) {
  const answered = run.invocations.filter(({ failed }) => !failed).map(({ ms }) => ms)
  return {
    p50: percentile(answered, 50),
    p99: percentile(answered, 99),
    max: Math.max(...answered),
    // An invocation that took half a round trip or more waited for the registry.
    waited: run.invocations.filter(({ ms }) => ms >= settings.delayMs / 2).length,
    failed: run.invocations.filter(({ failed }) => failed).length,
    invocations: run.invocations.length,
    requests: requestTotal(run.requests),
    unhandled: run.unhandledRejections,
  }
}

function summarise(runs, settings) {
  const figures = runs.map((run) => figuresOf(run, settings))
  const of = (name) => median(figures.map((figure) => figure[name]))
  const worst = (name) => Math.max(...figures.map((figure) => figure[name]))
  return { of, worst, total: (name) => sum(figures.map((figure) => figure[name])), counts: medianCounts(runs.map((run) => run.requests)) }
}

function expirySection(results, settings) {
  const rows = LIBRARIES.map(({ id, label }) => {
    const s = summarise(results.get(id), settings)
    return [
      label,
      ms(s.of('p50')),
      ms(s.of('p99')),
      ms(s.worst('max')),
      `${s.of('waited')} (worst run ${s.worst('waited')})`,
      s.of('requests'),
      describeRequests(s.counts),
    ]
  })
  return table(
    ['library', 'p50 (ms)', 'p99 (ms)', 'max, all runs (ms)', 'invocations that waited ≥ ½ round trip', 'requests', 'requests by operation (median)'],
    rows,
  )
}

function outageSection(results, settings) {
  const rows = LIBRARIES.map(({ id, label }) => {
    const s = summarise(results.get(id), settings)
    return [
      label,
      `**${s.of('failed')}** (worst run ${s.worst('failed')})`,
      s.total('unhandled'),
      ms(s.of('p99')),
      s.of('requests'),
      describeRequests(s.counts),
    ]
  })
  return table(
    [
      'library',
      'failed invocations of 100',
      'unhandled rejections, all runs',
      'p99 of answered (ms)',
      'requests (retries included)',
      'requests by operation (median)',
    ],
    rows,
  )
}

function verdicts(results, settings) {
  const expiry = summarise(results.expiry.get(OURS.id), settings)
  const outage = summarise(results.outage.get(OURS.id), settings)
  const p99Margin = 1 // ms above the warm p50 still counted as "at the warm figure": CPU, not a round trip
  return [
    {
      target: 'across expiry, no invocation waits for a refresh',
      met: expiry.worst('waited') === 0,
      detail: `${expiry.total('waited')} waits in ${settings.runs} runs of ${expiry.of('invocations')} invocations`,
    },
    {
      target: `across expiry, p99 at the warm figure (within ${p99Margin} ms of p50)`,
      met: expiry.of('p99') <= expiry.of('p50') + p99Margin,
      detail: `p50 ${ms(expiry.of('p50'))} ms, p99 ${ms(expiry.of('p99'))} ms, max ${ms(expiry.worst('max'))} ms`,
    },
    {
      target: 'during an outage, no invocation fails while values are within maxStale',
      met: outage.worst('failed') === 0 && outage.total('unhandled') === 0,
      detail: `${outage.total('failed')} failed invocations and ${outage.total('unhandled')} unhandled rejections in ${settings.runs} runs`,
    },
  ]
}

export const timelines = {
  id: 'timelines',
  async run(settings, log) {
    const results = await measure(settings, log)
    const schedule = `One invocation every ${TIMELINE.periodMs} ms for ${TIMELINE.durationMs / 1000} s after a cold start, ${TIMELINE.n} names + ${TIMELINE.m} secrets, cache expiry ${TIMELINE.cacheExpiryMs / 1000} s (Powertools maxAge 1 s), latency ${settings.delayMs} ms. The process is stopped (SIGSTOP) between invocations and continued for the next one, as Lambda freezes it, so timers and requests in flight stand still meanwhile. Medians over ${settings.runs} runs.`
    return {
      sections: [
        { title: 'Across expiry', markdown: [schedule, expirySection(results.expiry, settings)].join('\n\n') },
        {
          title: 'Registry outage',
          markdown: [
            `The same schedule; every request from ${OUTAGE.fromMs / 1000} s to ${OUTAGE.untilMs / 1000} s gets HTTP 500 (the SDK's default retries apply). Ours keeps its default maxStale (1 h).`,
            outageSection(results.outage, settings),
          ].join('\n\n'),
        },
      ],
      verdicts: verdicts(results, settings),
    }
  },
}
