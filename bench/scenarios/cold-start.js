/**
 * Cold start: N parameter names and M secrets, each run a fresh process that imports the
 * handler (Lambda init) and invokes it once. Counts requests; times init, the first
 * invocation up to the handler body, and both together. Ours runs twice: as is, and with
 * `await ready()` at the module's top level, as its documentation advises.
 */
import { runProbe } from '../lib/child.js'
import { ANCHORS, bestAnchor, OURS, OURS_READY } from '../lib/libraries.js'
import { ms, ratio, table } from '../lib/markdown.js'
import { describeRequests, medianOf, requestTotal } from '../lib/stats.js'

const GRID = [1, 10, 50].flatMap((n) => [0, 5, 25].map((m) => ({ n, m })))
const VARIANTS = [OURS, OURS_READY, ...ANCHORS]
const cellName = ({ n, m }) => `${n} + ${m}`

/** GetParameters takes 10 names, BatchGetSecretValue 20 ids. */
const expectedRequests = ({ n, m }) => Math.ceil(n / 10) + Math.ceil(m / 20)

async function measure(settings, log) {
  const results = new Map(GRID.map((cell) => [cell, new Map(VARIANTS.map(({ id }) => [id, []]))]))
  // Runs interleave libraries and cells, so that drift on a shared machine hits all alike.
  for (let run = 0; run < settings.runs; run++) {
    log(`cold start: run ${run + 1}/${settings.runs}`)
    for (const cell of GRID) {
      for (const { id } of VARIANTS) {
        results
          .get(cell)
          .get(id)
          .push(await runProbe('cold-start', { library: id, ...cell, delayMs: settings.delayMs }))
      }
    }
  }
  return results
}

function timingTable(results, figure) {
  const rows = GRID.map((cell) => {
    const of = (id) => medianOf(results.get(cell).get(id), figure)
    const best = bestAnchor(of)
    return [cellName(cell), ...VARIANTS.map(({ id }) => ms(of(id))), ratio(of(OURS.id), best), ratio(of(OURS_READY.id), best)]
  })
  return table(['N names + M secrets', ...VARIANTS.map(({ label }) => `${label} (ms)`), 'ours / best anchor', 'ours + ready() / best anchor'], rows)
}

function requestsTable(results) {
  const rows = GRID.map((cell) => {
    const requests = (id) =>
      Math.max(
        ...results
          .get(cell)
          .get(id)
          .map((run) => requestTotal(run.requests)),
      )
    return [cellName(cell), expectedRequests(cell), ...VARIANTS.map(({ id }) => requests(id))]
  })
  return table(['N names + M secrets', 'target ⌈N/10⌉ + ⌈M/20⌉', ...VARIANTS.map(({ label }) => label)], rows)
}

/** The cell where a variant's first invocation is slowest (median over runs). */
function slowestFirst(results, id) {
  const firsts = GRID.map((cell) => ({ cell, first: medianOf(results.get(cell).get(id), (run) => run.firstMs) }))
  return firsts.reduce((a, b) => (b.first > a.first ? b : a))
}

function verdicts(results, settings) {
  const wrong = GRID.filter((cell) =>
    [OURS, OURS_READY].some(({ id }) =>
      results
        .get(cell)
        .get(id)
        .some((run) => requestTotal(run.requests) !== expectedRequests(cell)),
    ),
  )
  const firstVerdict = (variant, how) => {
    const worst = slowestFirst(results, variant.id)
    return {
      target: `first invocation waits at most one round trip (${settings.delayMs} ms) with prefetch, ${how}`,
      met: worst.first <= settings.delayMs,
      detail: `slowest cell ${cellName(worst.cell)}: ${ms(worst.first)} ms (median), ${(worst.first / settings.delayMs).toFixed(1)} round trips; best anchor in that cell: ${ms(bestAnchor((id) => medianOf(results.get(worst.cell).get(id), (run) => run.firstMs)))} ms`,
    }
  }
  return [
    {
      target: 'cold-start requests are ⌈N/10⌉ + ⌈M/20⌉',
      met: wrong.length === 0,
      detail: wrong.length === 0 ? 'every cell, every run' : `wrong in ${wrong.map(cellName).join(', ')}`,
    },
    firstVerdict(OURS, 'as is'),
    firstVerdict(OURS_READY, 'with `await ready()` at the top level'),
  ]
}

export const coldStart = {
  id: 'cold',
  async run(settings, log) {
    const results = await measure(settings, log)
    const sample = results.get(GRID.at(-1))
    const markdown = [
      'Requests (the most seen in any run), with prefetch on (the default of ours and of Middy; Powertools has none):',
      requestsTable(results),
      `At 50 + 25: ${VARIANTS.map(({ id, label }) => `${label}: ${describeRequests(sample.get(id)[0].requests)}`).join('; ')}.`,
      "**First invocation**: from the invocation's start to the handler body (median ms; Lambda invokes as soon as init ends):",
      timingTable(results, (run) => run.firstMs),
      '**Init**: importing the handler module and building the handler, with `await ready()` where shown (median ms):',
      timingTable(results, (run) => run.initMs),
      '**Init + first invocation**: the whole cold start a caller waits for (median ms):',
      timingTable(results, (run) => run.totalMs),
    ]
    return { sections: [{ title: 'Cold start', markdown: markdown.join('\n\n') }], verdicts: verdicts(results, settings) }
  },
}
