/**
 * `npm run bench`: builds middy-registry from ../src, runs every scenario (each run in a
 * fresh process), prints markdown tables and writes RESULTS.md, with SVG charts of its tables
 * in charts/.
 *
 *   BENCH_DELAY_MS  latency of every simulated request (default 30)
 *   BENCH_RUNS      runs per figure, reported as medians (default 5)
 *   npm run bench -- cold warm   runs only the named scenarios (RESULTS.md is then not written)
 *   npm run bench -- --middy 6   runs on Middy 6 (or 5; MIDDY_VERSION=6 too); 7 by default
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { compileRegistry } from './lib/build.js'
import { benchmarkCharts, withCharts } from './lib/charts.js'
import { environment } from './lib/environment.js'
import { DEFAULT_DELAY_MS } from './lib/fake-aws.js'
import { verdictLine } from './lib/markdown.js'
import { DEFAULT_MIDDY_MAJOR, middyLine, middyMajorOf, middyVersions } from './lib/middy-version.js'
import { benchDir } from './lib/probe.js'
import { coldStart } from './scenarios/cold-start.js'
import { concurrency } from './scenarios/concurrency.js'
import { fleet } from './scenarios/fleet.js'
import { requestsPerHour } from './scenarios/requests-per-hour.js'
import { sizeAndImport } from './scenarios/size-import.js'
import { timelines } from './scenarios/timelines.js'
import { warmOverhead } from './scenarios/warm-overhead.js'

const SCENARIOS = [coldStart, warmOverhead, timelines, concurrency, requestsPerHour, sizeAndImport, fleet]

// The package supports Lambda's Node.js runtimes, 22 and 24; the child processes run on this
// same Node, so a figure measured on another would describe no function the package serves.
const MIN_NODE_MAJOR = 22
if (Number(process.versions.node.split('.')[0]) < MIN_NODE_MAJOR) {
  throw new Error(`the bench runs on Node.js ${MIN_NODE_MAJOR} or later (this is ${process.version}): cd bench && npx -y -p node@22 -- npm run bench`)
}

const settings = {
  delayMs: Number(process.env.BENCH_DELAY_MS ?? DEFAULT_DELAY_MS),
  runs: Math.max(1, Number(process.env.BENCH_RUNS ?? 5)),
}
// The children inherit the Middy major through the environment (lib/child.js, lib/build.js).
const middyMajor = middyMajorOf()
process.env.BENCH_MIDDY_MAJOR = String(middyMajor)
const middy = middyVersions(middyMajor)
const args = process.argv.slice(2)
const selected = args.filter((arg, index) => arg !== '--middy' && args[index - 1] !== '--middy')
const scenarios = selected.length === 0 ? SCENARIOS : SCENARIOS.filter(({ id }) => selected.includes(id))
if (scenarios.length === 0) throw new Error(`unknown scenario; choose among ${SCENARIOS.map(({ id }) => id).join(', ')}`)

const started = Date.now()
// The machine's load while the bench runs: on a shared machine, timings scale with it.
const loads = [os.loadavg()[0]]
const loadSampler = setInterval(() => loads.push(os.loadavg()[0]), 10_000)
loadSampler.unref()
const sortedLoads = () => [...loads].sort((a, b) => a - b)
const medianLoad = () => sortedLoads()[Math.floor(loads.length / 2)]
const loadLine = () => {
  const sorted = sortedLoads()
  return `load average (1 min) over the run, sampled every 10 s: ${sorted[0].toFixed(1)} to ${sorted.at(-1).toFixed(1)}, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)}, on ${os.cpus().length} cores`
}
const log = (message) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`)

function header(env) {
  return [
    '# Benchmark: middy-registry against the anchors',
    '',
    `Written by \`npm run bench\` on ${env.date}. Node ${env.node}; ${env.cpu}.`,
    '',
    `- ${middyLine(middy)}`,
    `- Ours: ${env.project}, compiled from src/ with esbuild.`,
    `- Packages: ${env.packages.join(', ')}.`,
    `- Machine: ${loadLine()}${medianLoad() > os.cpus().length ? ': other processes shared the CPUs, so absolute times are inflated and noisy; counts are not affected' : ''}.`,
    `- Settings: ${env.settings}. Every library uses real SDK v3 clients whose request handler answers from memory after the latency; every figure comes from fresh child processes.`,
    '- Ratios are ours divided by the best anchor (lower is better): absolute times drift on a shared machine, ratios much less.',
  ].join('\n')
}

log(`compiling ../src; Middy ${middy.major} (@middy/core ${middy.core}); ${settings.runs} runs per figure, latency ${settings.delayMs} ms`)
await compileRegistry()
const outcomes = []
for (const scenario of scenarios) {
  const outcome = await scenario.run(settings, log)
  // Every section states the Middy its tables were measured on.
  for (const section of outcome.sections) section.markdown = `${middyLine(middy)}\n\n${section.markdown}`
  for (const { title, markdown } of outcome.sections) process.stdout.write(`\n## ${title}\n\n${markdown}\n`)
  process.stdout.write(`\n${outcome.verdicts.map(verdictLine).join('\n')}\n`)
  outcomes.push(outcome)
}

const verdicts = outcomes.flatMap((outcome) => outcome.verdicts)
const summary = `## Targets\n\n${verdicts.map(verdictLine).join('\n')}`
process.stdout.write(`\n${summary}\n`)
log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`)

// RESULTS.md holds a whole run on the default Middy; a partial run (some scenarios, or the fleet
// of some libraries) or another major only prints.
if (scenarios.length === SCENARIOS.length && middyMajor === DEFAULT_MIDDY_MAJOR && !process.env.BENCH_FLEET_LIBRARIES) {
  const sections = outcomes.flatMap((outcome) => outcome.sections).map(({ title, markdown }) => `## ${title}\n\n${markdown}`)
  const results = `${[header(environment(settings)), summary, ...sections].join('\n\n')}\n`
  // The pictures of the tables, beside them: charts/*.svg, each shown after the table it draws.
  const charts = benchmarkCharts(results)
  rmSync(`${benchDir}charts`, { recursive: true, force: true })
  mkdirSync(`${benchDir}charts`)
  for (const chart of charts) writeFileSync(`${benchDir}charts/${chart.file}`, chart.svg)
  writeFileSync(`${benchDir}RESULTS.md`, withCharts(results, charts, './charts/'))
  log(`wrote RESULTS.md and ${charts.length} charts in charts/`)
}
