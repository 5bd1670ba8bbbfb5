/**
 * Size and import: minified esbuild bundles (the SDK external, as Lambda's runtime
 * provides it, or bundled in: as the package gives it to bundlers by default, and for ours
 * also with the subset condition), and the import and first-invocation time of each handler.
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

const SSM_ONLY = ['@aws-sdk/client-ssm']
const SSM_AND_SECRETS = [...SSM_ONLY, '@aws-sdk/client-secrets-manager']
// `clients`: the SDK packages the handler uses, all that a default SDK-bundled build installs.
const HANDLERS = [
  { handler: 'floor', label: 'floor: Middy + a bare SSM client', m: 0, clients: SSM_ONLY },
  ...LIBRARIES.map(({ id, label }) => ({ handler: `${id}-ssm`, label: `${label}, SSM only`, m: 0, library: id, clients: SSM_ONLY })),
  ...LIBRARIES.map(({ id, label }) => ({ handler: id, label: `${label}, SSM + Secrets Manager`, m: 2, library: id, clients: SSM_AND_SECRETS })),
]

// The subset condition picks among our SDK descriptors only: the anchors' and the floor's
// bundles would be byte for byte their default ones, so only ours are built with it.
const SDK_BUILDS = [
  { sdk: 'external', label: 'SDK external', applies: () => true },
  { sdk: 'bundled', label: 'SDK bundled (default)', applies: () => true },
  { sdk: 'subset', label: 'SDK bundled (subset condition)', applies: ({ library }) => library === OURS.id },
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

const keyOf = (handler, sdk) => `${handler}|${sdk}`

async function buildAll() {
  const libraries = Object.fromEntries(
    await Promise.all(Object.entries(LIBRARY_ENTRIES).map(async ([id, contents]) => [id, await bundleLibrary(id, contents)])),
  )
  const bundles = []
  for (const entry of HANDLERS) {
    for (const { sdk } of SDK_BUILDS.filter(({ applies }) => applies(entry)))
      bundles.push({
        ...entry,
        sdk,
        key: keyOf(entry.handler, sdk),
        ...(await bundleHandler(entry.handler, { sdk, library: entry.library, clients: entry.clients })),
      })
  }
  return { libraries, bundles }
}

/** The library's own code that a handler bundles (SDK external), in bytes. */
const codeIn = (bundles, handler) => bundles.find((bundle) => bundle.key === keyOf(handler, 'external')).libraryBytes

/** What each library adds to a handler: its own code in the SSM-only and the SSM + Secrets Manager bundle. */
function codeTable(bundles) {
  const best = bestAnchor((id) => codeIn(bundles, id))
  const rows = LIBRARIES.map(({ id, label }) => [label, kb(codeIn(bundles, `${id}-ssm`)), `**${kb(codeIn(bundles, id))}**`, ratio(codeIn(bundles, id), best)])
  return table(['library', 'KB in the SSM-only handler', 'KB in the SSM + Secrets Manager handler', 'ours / best anchor'], rows)
}

/** A figure of one handler's bundle in one SDK build, or a dash where that build is not made. */
function cellOf(bundles, handler, sdk, format) {
  const bundle = bundles.find((candidate) => candidate.key === keyOf(handler, sdk))
  return bundle ? format(bundle) : '—'
}

const medianTime = (times, key, figure) => median(times.get(key).map((run) => run[figure]))

function sizeTable(bundles, times) {
  const rows = HANDLERS.map(({ handler, label }) => [
    label,
    ...SDK_BUILDS.map(({ sdk }) => cellOf(bundles, handler, sdk, ({ bytes }) => kb(bytes))),
    times.get(keyOf(handler, 'external'))[0].clients.join(', '),
  ])
  return table(['handler (10 names [+ 2 secrets])', ...SDK_BUILDS.map(({ label }) => `KB, ${label}`), 'SDK clients loaded'], rows)
}

function timeTable(bundles, times) {
  const rows = HANDLERS.map(({ handler, label }) => [
    label,
    ...SDK_BUILDS.flatMap(({ sdk }) => ['importMs', 'readyMs'].map((figure) => cellOf(bundles, handler, sdk, ({ key }) => ms(medianTime(times, key, figure))))),
  ])
  return table(['handler (10 names [+ 2 secrets])', ...SDK_BUILDS.flatMap(({ label }) => [`import (ms), ${label}`, `ready (ms), ${label}`])], rows)
}

const SDK_BUILDS_NOTE = [
  'Handlers bundled with esbuild (minified ESM, `target: node22`) in three SDK builds.',
  "**SDK external**: Lambda's runtime provides the SDK.",
  "**SDK bundled (default)**: the SDK descriptors the package gives bundlers (its `#sdk/*` imports' `module` condition) load each client by an `import()` with a `.catch()`, so only the clients a function uses need be installed, and the bundle holds each of them whole.",
  "**SDK bundled (subset condition)**: esbuild `conditions: ['middy-registry-sdk-subset', 'module']` gives named static imports of each client and of the commands our sources send, so the bundler keeps only those; every package they import must be installed.",
  'The condition changes only our bundles (the others\' are their default ones: —). Each build has only the SDK packages it needs installed: `@aws-sdk/client-sts`, which ours loads only for roles, is in none and stays an `import()` for run time. "SDK clients loaded" counts @aws-sdk/client-* packages in the SDK-external build:',
].join(' ')

const FLOOR_MARGIN = 1.1

/** Ours against the floor in one SDK build; the floor has no subset build (the condition does not touch it): its default one stands. */
function floorVerdict(times, { sdk, label }) {
  const ours = medianTime(times, keyOf(`${OURS.id}-ssm`, sdk), 'readyMs')
  const floor = medianTime(times, keyOf('floor', sdk === 'subset' ? 'bundled' : sdk), 'readyMs')
  return {
    target: `an SSM-only handler is ready at the one-client floor (within ${Math.round((FLOOR_MARGIN - 1) * 100)} %), ${label}`,
    met: ours <= floor * FLOOR_MARGIN,
    detail: `${ms(ours)} ms against ${ms(floor)} ms (${ratio(ours, floor)})`,
  }
}

function verdicts(bundles, times) {
  const clients = times.get(keyOf(`${OURS.id}-ssm`, 'external'))[0].clients
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
    ...SDK_BUILDS.map((build) => floorVerdict(times, build)),
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
      'Every export of each library (minified ESM; the SDK, @smithy/* and @middy/core external; ours is all of `src/index.ts`: Cloud Map, DynamoDB, S3, AppConfig, database auth tokens, `service()`, `defineSource()` and the local registry loader included, which a handler that does not use them leaves out; the publisher is `middy-registry/publish`, apart):',
      table(['library', 'KB minified', 'KB gzip', 'ours / best anchor'], libraryRows),
      SDK_BUILDS_NOTE,
      sizeTable(bundles, times),
      `Each bundle imported in a fresh process: **import** is the module's evaluation; **ready** adds building the handler and a first invocation against an instant registry (no latency), so it covers any SDK loading deferred past import. Medians over ${settings.runs * IMPORT_RUNS_PER_RUN} runs:`,
      timeTable(bundles, times),
    ]
    return { sections: [{ title: 'Size and import', markdown: markdown.join('\n\n') }], verdicts: verdicts(bundles, times) }
  },
}
