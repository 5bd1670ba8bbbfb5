/**
 * Warm overhead: nanoseconds per invocation above a bare Middy handler, with 10 names and
 * 2 secrets cached. Each run is a fresh process per library that alternates blocks of the
 * bare handler and of the library's handler.
 */
import { runProbe } from '../lib/child.js'
import { bestAnchor, LIBRARIES, OURS } from '../lib/libraries.js'
import { ratio, table, us } from '../lib/markdown.js'
import { median } from '../lib/stats.js'

const TARGET_NS = 1000
const PER_BLOCK = 40_000
const BLOCKS = 5

/** One run's figures: the medians of its blocks, and their difference. */
function figuresOf(run) {
  const bare = median(run.bareNs)
  const library = median(run.libraryNs)
  return { bare, library, overhead: library - bare, requests: run.requestsWhileMeasuring }
}

async function measure(settings, log) {
  const runs = new Map(LIBRARIES.map(({ id }) => [id, []]))
  for (let run = 0; run < settings.runs; run++) {
    log(`warm overhead: run ${run + 1}/${settings.runs}`)
    for (const { id } of LIBRARIES) {
      const config = { library: id, n: 10, m: 2, delayMs: settings.delayMs, blocks: BLOCKS, perBlock: PER_BLOCK }
      runs.get(id).push(figuresOf(await runProbe('warm-overhead', config, { nodeOptions: ['--expose-gc'] })))
    }
  }
  return runs
}

export const warmOverhead = {
  id: 'warm',
  async run(settings, log) {
    const runs = await measure(settings, log)
    const of = (id, figure) => median(runs.get(id).map((run) => run[figure]))
    const best = bestAnchor((id) => of(id, 'overhead'))
    const rows = LIBRARIES.map(({ id, label }) => {
      const overheads = runs.get(id).map((run) => run.overhead)
      const cached = runs.get(id).every((run) => run.requests === 0)
      return [
        label,
        us(of(id, 'library')),
        us(of(id, 'bare')),
        `**${us(of(id, 'overhead'))}**`,
        `${us(Math.min(...overheads))}–${us(Math.max(...overheads))}`,
        ratio(of(id, 'overhead'), best),
        cached ? 'yes' : 'NO',
      ]
    })
    const ours = of(OURS.id, 'overhead')
    const markdown = [
      `${BLOCKS} alternating blocks of ${PER_BLOCK.toLocaleString('en')} invocations per handler and run, after ${(20_000).toLocaleString('en')} warm-up invocations; a new context object per invocation, as Lambda gives. Figures in µs per invocation, medians over ${settings.runs} runs:`,
      table(
        ['library', 'handler (µs)', 'bare Middy (µs)', 'overhead (µs)', 'overhead range over runs', 'ours / best anchor', 'no request while measuring'],
        rows,
      ),
    ]
    const verdicts = [
      { target: 'warm overhead under 1 µs per invocation', met: ours < TARGET_NS, detail: `${us(ours)} µs (${(ours / TARGET_NS).toFixed(1)}× the target)` },
      { target: 'warm overhead at most a fifth of the best anchor', met: ours <= best / 5, detail: `${ratio(ours, best)} of the best anchor (${us(best)} µs)` },
    ]
    return { sections: [{ title: 'Warm overhead', markdown: markdown.join('\n\n') }], verdicts }
  },
}
