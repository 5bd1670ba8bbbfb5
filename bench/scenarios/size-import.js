/**
 * Size and import: minified esbuild bundles (the SDK external, as Lambda's runtime
 * provides it, or bundled in), and the import and first-invocation time of each handler.
 */
import { bundleHandler, bundleLibrary } from '../lib/build.js'
import { runProbe } from '../lib/child.js'
import { bestAnchor, LIBRARIES, OURS } from '../lib/libraries.js'
import { kb, ms, ratio, table } from '../lib/markdown.js'
import { median } from '../lib/stats.js'

const LIBRARY_ENTRIES = {
  registry: "export * from '../src/index.ts'",
  middy: "export { default as ssm } from '@middy/ssm'\nexport { default as secretsManager } from '@middy/secrets-manager'",
  powertools:
    "export { SSMProvider } from '@aws-lambda-powertools/parameters/ssm'\nexport { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets'",
}
const TARGET_BYTES = 10 * 1024

const HANDLERS = [
  { handler: 'floor', label: 'floor: Middy + a bare SSM client', m: 0 },
  ...LIBRARIES.map(({ id, label }) => ({ handler: `${id}-ssm`, label: `${label}, SSM only`, m: 0, library: id })),
  ...LIBRARIES.map(({ id, label }) => ({ handler: id, label: `${label}, SSM + Secrets Manager`, m: 2, library: id })),
]

// An import takes a tenth of a second and its time varies by a quarter from one process to
// the next: four times the runs of the other scenarios keep the medians steady.
const IMPORT_RUNS_PER_RUN = 4

async function measureImports(bundles, settings, log) {
  const times = new Map(bundles.map(({ key }) => [key, []]))
  const runs = settings.runs * IMPORT_RUNS_PER_RUN
  for (let run = 0; run < runs; run++) {
    if (run % settings.runs === 0) log(`import: run ${run + 1}/${runs}`)
    for (const { key, outfile, m } of bundles) times.get(key).push(await runProbe('import', { file: outfile, n: 10, m }))
  }
  return times
}

async function buildAll() {
  const libraries = Object.fromEntries(
    await Promise.all(Object.entries(LIBRARY_ENTRIES).map(async ([id, contents]) => [id, await bundleLibrary(id, contents)])),
  )
  const bundles = []
  for (const entry of HANDLERS) {
    for (const sdkBundled of [false, true])
      bundles.push({
        ...entry,
        sdkBundled,
        key: `${entry.handler}|${sdkBundled}`,
        ...(await bundleHandler(entry.handler, { sdkBundled, library: entry.library })),
      })
  }
  return { libraries, bundles }
}

/** The library's own code that a handler bundles (SDK external), in bytes. */
const codeIn = (bundles, handler) => bundles.find((bundle) => bundle.handler === handler && !bundle.sdkBundled).libraryBytes

/** What each library adds to a handler: its own code in the SSM-only and the SSM + Secrets Manager bundle. */
function codeTable(bundles) {
  const best = bestAnchor((id) => codeIn(bundles, id))
  const rows = LIBRARIES.map(({ id, label }) => [label, kb(codeIn(bundles, `${id}-ssm`)), `**${kb(codeIn(bundles, id))}**`, ratio(codeIn(bundles, id), best)])
  return table(['library', 'KB in the SSM-only handler', 'KB in the SSM + Secrets Manager handler', 'ours / best anchor'], rows)
}

function handlerTable(bundles, times) {
  const find = (handler, sdkBundled) => bundles.find((bundle) => bundle.handler === handler && bundle.sdkBundled === sdkBundled)
  const time = (handler, sdkBundled, figure) => median(times.get(`${handler}|${sdkBundled}`).map((run) => run[figure]))
  const rows = HANDLERS.map(({ handler, label }) => [
    label,
    kb(find(handler, false).bytes),
    kb(find(handler, true).bytes),
    times.get(`${handler}|false`)[0].clients.join(', '),
    ms(time(handler, false, 'importMs')),
    ms(time(handler, false, 'readyMs')),
    ms(time(handler, true, 'importMs')),
    ms(time(handler, true, 'readyMs')),
  ])
  return table(
    [
      'handler (10 names [+ 2 secrets])',
      'KB, SDK external',
      'KB, SDK bundled',
      'SDK clients loaded',
      'import (ms), SDK external',
      'ready (ms), SDK external',
      'import (ms), SDK bundled',
      'ready (ms), SDK bundled',
    ],
    rows,
  )
}

const FLOOR_MARGIN = 1.1

function floorVerdict(times, sdkBundled) {
  const ready = (handler) => median(times.get(`${handler}|${sdkBundled}`).map((run) => run.readyMs))
  const ours = ready(`${OURS.id}-ssm`)
  const floor = ready('floor')
  return {
    target: `an SSM-only handler is ready at the one-client floor (within ${Math.round((FLOOR_MARGIN - 1) * 100)} %), SDK ${sdkBundled ? 'bundled' : 'external'}`,
    met: ours <= floor * FLOOR_MARGIN,
    detail: `${ms(ours)} ms against ${ms(floor)} ms (${ratio(ours, floor)})`,
  }
}

function verdicts(bundles, times) {
  const clients = times.get(`${OURS.id}-ssm|false`)[0].clients
  const ours = codeIn(bundles, OURS.id)
  return [
    {
      target: 'our own code under 10 KB minified (what a handler reading parameters and secrets bundles)',
      met: ours < TARGET_BYTES,
      detail: `${kb(ours)} KB (${ratio(ours, TARGET_BYTES)} of the target)`,
    },
    {
      target: 'an SSM-only handler loads no other SDK client',
      met: clients.length === 1 && clients[0] === 'client-ssm',
      detail: `loaded: ${clients.join(', ')}`,
    },
    floorVerdict(times, false),
    floorVerdict(times, true),
  ]
}

export const sizeAndImport = {
  id: 'size',
  async run(settings, log) {
    log('size: bundling with esbuild')
    const { libraries, bundles } = await buildAll()
    const times = await measureImports(bundles, settings, log)
    const best = bestAnchor((id) => libraries[id].bytes)
    const libraryRows = LIBRARIES.map(({ id, label }) => [label, `**${kb(libraries[id].bytes)}**`, kb(libraries[id].gzip), ratio(libraries[id].bytes, best)])
    const markdown = [
      "Library code that a handler bundles: each library's own modules in the handlers below (minified ESM, SDK external), the figure the size target is about:",
      codeTable(bundles),
      'Every export of each library (minified ESM; the SDK, @smithy/* and @middy/core external; ours is all of `src/index.ts`: Cloud Map, DynamoDB, `service()`, `defineSource()` and the local registry loader included, which a handler that does not use them leaves out; the publisher is `middy-registry/publish`, apart):',
      table(['library', 'KB minified', 'KB gzip', 'ours / best anchor'], libraryRows),
      `Handlers bundled with esbuild (minified ESM), then imported in a fresh process: **import** is the module's evaluation; **ready** adds building the handler and a first invocation against an instant registry (no latency), so it covers any SDK loading deferred past import. "SDK clients loaded" counts @aws-sdk/client-* packages in the SDK-external build. Medians over ${settings.runs * IMPORT_RUNS_PER_RUN} runs:`,
      handlerTable(bundles, times),
    ]
    return { sections: [{ title: 'Size and import', markdown: markdown.join('\n\n') }], verdicts: verdicts(bundles, times) }
  },
}
