/**
 * `npm run bench`: builds middy-registry from ../src, runs every scenario (each run in a
 * fresh process), prints markdown tables and writes RESULTS.md.
 *
 *   BENCH_DELAY_MS  latency of every simulated request (default 30)
 *   BENCH_RUNS      runs per figure, reported as medians (default 5)
 *   npm run bench -- cold warm   runs only the named scenarios (RESULTS.md is then not written)
 */
import { writeFileSync } from 'node:fs'
import { compileRegistry } from './lib/build.js'
import { environment } from './lib/environment.js'
import { DEFAULT_DELAY_MS } from './lib/fake-aws.js'
import { verdictLine } from './lib/markdown.js'
import { benchDir } from './lib/probe.js'
import { coldStart } from './scenarios/cold-start.js'
import { concurrency } from './scenarios/concurrency.js'
import { sizeAndImport } from './scenarios/size-import.js'
import { timelines } from './scenarios/timelines.js'
import { warmOverhead } from './scenarios/warm-overhead.js'

const SCENARIOS = [coldStart, warmOverhead, timelines, concurrency, sizeAndImport]

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
const selected = process.argv.slice(2)
const scenarios = selected.length === 0 ? SCENARIOS : SCENARIOS.filter(({ id }) => selected.includes(id))
if (scenarios.length === 0) throw new Error(`unknown scenario; choose among ${SCENARIOS.map(({ id }) => id).join(', ')}`)

const started = Date.now()
const log = (message) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`)

function header(env) {
  return [
    '# Benchmark: middy-registry against the anchors',
    '',
    `Written by \`npm run bench\` on ${env.date}. Node ${env.node}; ${env.cpu}.`,
    '',
    `- Ours: ${env.project}, compiled from src/ with esbuild.`,
    `- Packages: ${env.packages.join(', ')}.`,
    `- Settings: ${env.settings}. Every library uses real SDK v3 clients whose request handler answers from memory after the latency; every figure comes from fresh child processes.`,
    '- Ratios are ours divided by the best anchor (lower is better): absolute times drift on a shared machine, ratios much less.',
  ].join('\n')
}

log(`compiling ../src; ${settings.runs} runs per figure, latency ${settings.delayMs} ms`)
await compileRegistry()
const outcomes = []
for (const scenario of scenarios) {
  const outcome = await scenario.run(settings, log)
  for (const { title, markdown } of outcome.sections) process.stdout.write(`\n## ${title}\n\n${markdown}\n`)
  process.stdout.write(`\n${outcome.verdicts.map(verdictLine).join('\n')}\n`)
  outcomes.push(outcome)
}

const verdicts = outcomes.flatMap((outcome) => outcome.verdicts)
const summary = `## Targets\n\n${verdicts.map(verdictLine).join('\n')}`
process.stdout.write(`\n${summary}\n`)
log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`)

if (scenarios.length === SCENARIOS.length) {
  const sections = outcomes.flatMap((outcome) => outcome.sections).map(({ title, markdown }) => `## ${title}\n\n${markdown}`)
  writeFileSync(`${benchDir}RESULTS.md`, `${[header(environment(settings)), summary, ...sections].join('\n\n')}\n`)
  log('wrote RESULTS.md')
}
