/**
 * Concurrency: 64 invocations at once on a cold cache, prefetch off, against the requests
 * of a single invocation (Lambda Managed Instances: up to 64 per vCPU in one process).
 */
import { runProbe } from '../lib/child.js'
import { LIBRARIES, OURS } from '../lib/libraries.js'
import { ms, table } from '../lib/markdown.js'
import { describeRequests, median, requestTotal } from '../lib/stats.js'

const CELL = { n: 50, m: 5 }
const CONCURRENCY = 64

async function measure(settings, log) {
  const results = new Map(LIBRARIES.map(({ id }) => [id, { single: [], concurrent: [] }]))
  for (let run = 0; run < settings.runs; run++) {
    log(`concurrency: run ${run + 1}/${settings.runs}`)
    for (const { id } of LIBRARIES) {
      const config = { library: id, ...CELL, delayMs: settings.delayMs }
      results.get(id).single.push(await runProbe('concurrency', { ...config, concurrency: 1 }))
      results.get(id).concurrent.push(await runProbe('concurrency', { ...config, concurrency: CONCURRENCY }))
    }
  }
  return results
}

const mostRequests = (runs) => Math.max(...runs.map((run) => requestTotal(run.requests)))

export const concurrency = {
  id: 'concurrency',
  async run(settings, log) {
    const results = await measure(settings, log)
    const rows = LIBRARIES.map(({ id, label }) => {
      const { single, concurrent } = results.get(id)
      const latency = (pick) => median(concurrent.map((run) => pick(run.latenciesMs)))
      return [
        label,
        mostRequests(single),
        `**${mostRequests(concurrent)}**`,
        describeRequests(concurrent[0].requests),
        median(concurrent.map((run) => run.failed)),
        ms(latency((l) => median(l))),
        ms(latency((l) => Math.max(...l))),
      ]
    })
    const ours = results.get(OURS.id)
    const markdown = [
      `${CELL.n} names + ${CELL.m} secrets, cold cache, prefetch off (so the invocations themselves must share the fetch), latency ${settings.delayMs} ms; the most requests seen in ${settings.runs} runs, latencies as medians:`,
      table(
        [
          'library',
          'requests, 1 invocation',
          `requests, ${CONCURRENCY} at once`,
          `by operation (${CONCURRENCY} at once)`,
          'failed',
          'p50 latency (ms)',
          'slowest (ms)',
        ],
        rows,
      ),
    ]
    const verdicts = [
      {
        target: `${CONCURRENCY} concurrent invocations on a cold cache cost the requests of one`,
        met: mostRequests(ours.concurrent) === mostRequests(ours.single) && ours.concurrent.every((run) => run.failed === 0),
        detail: `${mostRequests(ours.concurrent)} requests for ${CONCURRENCY} invocations, ${mostRequests(ours.single)} for one`,
      },
    ]
    return { sections: [{ title: 'Concurrency', markdown: markdown.join('\n\n') }], verdicts }
  },
}
