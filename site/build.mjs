#!/usr/bin/env node
/**
 * Builds the documentation site with one command (`npm run site` at the repository's root):
 *
 * 1. TypeDoc: the API reference as HTML under /api/, and its JSON, which the option tables read.
 * 2. The pages: README.md, docs/*.md and bench/RESULTS.md copied to .build/src under their
 *    repository paths (links to files the site lacks point at GitHub), the site's own pages
 *    (pages/), the generated ones (option tables, the CLI reference), the SVG charts the
 *    benchmark drew beside its tables (checked against them), and the Mermaid diagrams
 *    rendered to SVG (headless Chromium).
 * 3. VitePress builds .build/src into .build/dist (`--dev`: serves it instead).
 *
 * Nothing under .build is kept in git; everything on the site comes from the repository as it is.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chartDrift, tablesOf, withCharts } from '../bench/lib/charts.js'
import { cliReference } from './lib/cli.mjs'
import { renderDiagrams } from './lib/diagrams.mjs'
import { documentedOptions, interfacesOf, optionsSection } from './lib/options.mjs'
import { repositoryUrl, rewriteLinks, sitePages } from './lib/pages.mjs'

const site = dirname(fileURLToPath(import.meta.url))
const repo = join(site, '..')
const build = join(site, '.build')
const src = join(build, 'src')
const dev = process.argv.includes('--dev')
const started = performance.now()
const step = (name, run) => {
  const at = performance.now()
  const result = run()
  console.log(`site: ${name} (${((performance.now() - at) / 1000).toFixed(1)} s)`)
  return result
}
const write = (path, text) => {
  mkdirSync(dirname(join(src, path)), { recursive: true })
  writeFileSync(join(src, path), text)
}
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}`)
}

/** Which interfaces' option tables each page ends with (site path → interface names). */
const OPTION_PAGES = {
  'sources/ssm.md': ['SsmOptions', 'SsmPathOptions', 'CommonOptions'],
  'sources/secrets-manager.md': ['SecretOptions', 'CommonOptions'],
  'docs/dynamodb.md': ['DynamoOptions'],
  'docs/cloud-map.md': ['CloudMapOptions', 'CloudMapEndpointOptions'],
  'docs/appconfig.md': ['AppConfigOptions'],
  'docs/s3.md': ['S3Options'],
  'docs/custom-sources.md': ['SourceDefinition'],
  'docs/cross-account.md': ['AssumeRoleOptions'],
  'docs/discovery.md': ['ServiceOptions', 'PublishServiceOptions'],
}
const ALL_OPTIONS = [
  'RegistryOptions',
  'CommonOptions',
  'SsmOptions',
  'SsmPathOptions',
  'SecretOptions',
  'DynamoOptions',
  'CloudMapOptions',
  'CloudMapEndpointOptions',
  'AppConfigOptions',
  'S3Options',
  'AssumeRoleOptions',
  'ServiceOptions',
  'AuthRetryOptions',
  'PublishServiceOptions',
]

/** Which benchmark charts each page shows after the first table of a section (its summary of them). */
const PAGE_CHARTS = {
  'docs/performance.md': {
    heading: 'Measurements',
    files: [
      'cold-start-requests.svg',
      'cold-start-time.svg',
      'warm-overhead.svg',
      'requests-per-hour.svg',
      'across-expiry-waits.svg',
      'across-expiry-p99.svg',
      'outage-failures.svg',
      'fleet-failures.svg',
    ],
  },
  'docs/reliability.md': { heading: 'Figures', files: ['outage-failures.svg', 'fleet-failures.svg'] },
}

rmSync(src, { recursive: true, force: true })
mkdirSync(src, { recursive: true })

// 1. TypeDoc. The type check is npm test's (typecheck, test:docs): here only the output.
step('TypeDoc API reference and JSON', () =>
  run(
    join(repo, 'node_modules', '.bin', 'typedoc'),
    [
      '--skipErrorChecking',
      '--treatWarningsAsErrors',
      'false',
      '--logLevel',
      'Error',
      '--out',
      join(src, 'public', 'api'),
      '--json',
      join(build, 'typedoc.json'),
    ],
    { cwd: repo },
  ),
)
const interfaces = interfacesOf(JSON.parse(readFileSync(join(build, 'typedoc.json'), 'utf8')))

// 2. Pages.
const pages = sitePages(repo)
// The benchmark's charts are published beside RESULTS.md, which shows them.
const chartsDir = join(repo, 'bench', 'charts')
const chartPaths = existsSync(chartsDir) ? readdirSync(chartsDir).map((name) => `bench/charts/${name}`) : []
const published = new Set([...pages, ...chartPaths])
const url = repositoryUrl()
const texts = new Map()
step(`${pages.length} pages from the repository`, () => {
  for (const path of pages)
    texts.set(path, rewriteLinks(readFileSync(join(repo, path), 'utf8'), path, { repo, published, repositoryUrl: url, ref: process.env.SITE_REF ?? 'main' }))
  for (const name of readdirSync(join(site, 'pages'))) {
    const target = { 'index.md': 'index.md', 'capacity-planner.md': 'capacity-planner.md' }[name] ?? `sources/${name}`
    texts.set(target, readFileSync(join(site, 'pages', name), 'utf8'))
  }
})

step('option tables and the drift check of docs/options.md', () => {
  for (const [path, names] of Object.entries(OPTION_PAGES)) {
    if (!texts.has(path)) continue
    texts.set(path, `${texts.get(path).trimEnd()}\n\n${optionsSection(interfaces, names)}`)
  }
  const all = optionsSection(interfaces, ALL_OPTIONS, '')
  texts.set(
    'reference/options.md',
    `# Option tables\n\nEvery option of every options interface, generated when the site was built from the\nTypeScript declarations and their doc comments (types, defaults from \`@defaultValue\` or the\ncomment's "default …"). The guide to the registry's options is [Options](../docs/options.md).\n${all}`,
  )
  // docs/options.md's table is written by hand: it must name exactly the options the code has.
  const documented = documentedOptions(texts.get('docs/options.md') ?? '')
  if (documented) {
    const code = interfaces.get('RegistryOptions').properties.map((property) => property.name)
    const missing = code.filter((name) => !documented.includes(name))
    const extra = documented.filter((name) => !code.includes(name))
    if (missing.length || extra.length)
      console.warn(
        `site: docs/options.md's table differs from RegistryOptions: missing ${missing.join(', ') || 'none'}; not in the code ${extra.join(', ') || 'none'}`,
      )
  }
})

{
  const at = performance.now()
  texts.set('reference/cli.md', await cliReference(repo))
  console.log(`site: CLI reference from --help (${((performance.now() - at) / 1000).toFixed(1)} s)`)
}

step('benchmark charts (drawn by the bench; checked against its tables)', () => {
  const results = texts.get('bench/RESULTS.md')
  if (!results) return
  const chartFile = (file) => (existsSync(join(repo, 'bench', 'charts', file)) ? readFileSync(join(repo, 'bench', 'charts', file), 'utf8') : undefined)
  const { charts, problems } = chartDrift(readFileSync(join(repo, 'bench', 'RESULTS.md'), 'utf8'), chartFile)
  if (problems.length) throw new Error(`bench/charts: ${problems.join('; ')}; run the benchmark again (cd bench && npm run bench)`)
  for (const chart of charts) write(`bench/charts/${chart.file}`, chart.svg)
  // The same pictures beside the summaries of the performance and reliability pages.
  for (const [path, { heading, files }] of Object.entries(PAGE_CHARTS)) {
    const text = texts.get(path)
    const [table] = text ? tablesOf(text, heading) : []
    const shown = charts.filter((chart) => files.includes(chart.file)).map((chart) => ({ ...chart, after: table?.end }))
    if (table && shown.length) texts.set(path, withCharts(text, shown, '../bench/charts/'))
  }
})

await (async () => {
  const at = performance.now()
  const count = await renderDiagrams(texts, {
    write,
    cache: join(build, 'diagrams-cache'),
    mermaid: join(site, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js'),
  })
  console.log(`site: ${count} Mermaid diagrams rendered to SVG (${((performance.now() - at) / 1000).toFixed(1)} s)`)
})()

for (const [path, text] of texts) write(path, text)
if (existsSync(join(site, 'public'))) cpSync(join(site, 'public'), join(src, 'public'), { recursive: true })

// 3. VitePress.
const vitepress = join(site, 'node_modules', 'vitepress', 'bin', 'vitepress.js')
if (dev) run(process.execPath, [vitepress, 'dev', site])
else step('VitePress build', () => run(process.execPath, [vitepress, 'build', site]))
console.log(`site: built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${join('site', '.build', 'dist')}`)
