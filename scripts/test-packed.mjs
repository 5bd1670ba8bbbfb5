#!/usr/bin/env node
/**
 * `npm run test:package`: what users install is what we test. Packs the package (prepack
 * builds it), checks the tarball holds only what users need, installs it in a fresh folder
 * with its required peer (@middy/core; no AWS SDK) and the type packages a TypeScript Lambda
 * project has (@types/aws-lambda, @types/node), then:
 *   - runs every reference kind (docs/reference-kinds.md) as plain ESM against a local registry file (no AWS);
 *   - imports every subpath the package exports;
 *   - type-checks a TypeScript quick start with `tsc` under moduleResolution node16 and bundler.
 * Installs come from the npm cache when they can (--prefer-offline).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('..', import.meta.url))
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'))
const started = performance.now()

// What a user may find in the tarball, and what must be there.
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^dist\/.+\.(js|d\.ts|js\.map)$/,
  /^sdk\/[a-z0-9-]+\.(node\.js|bundler\.js|subset\.js|d\.ts)$/,
  /^schema\/registry-file\.schema\.json$/,
]
const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts', 'schema/registry-file.schema.json']

// The caller's MIDDY_REGISTRY_LOCAL must not leak into the consumer: each step sets its own.
function run(command, args, cwd, env = {}) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MIDDY_REGISTRY_LOCAL: '', ...env } })
}

function step(name, action) {
  const begin = performance.now()
  try {
    action()
  } catch (error) {
    console.error(`✗ ${name}\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout || error.stderr ? '' : error.stack}`)
    process.exit(1)
  }
  console.log(`✓ ${name} (${((performance.now() - begin) / 1000).toFixed(1)} s)`)
}

/** The version installed in the repository, so that the install is served from the npm cache. */
const versionInRepo = (name) => JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')).version

const work = mkdtempSync(join(tmpdir(), 'middy-registry-packed-'))
const consumer = join(work, 'consumer')
let tarball

try {
  step('npm pack (prepack builds dist/)', () => {
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], repo))
    tarball = join(work, packed.filename)
    const files = packed.files.map((file) => file.path)
    const unexpected = files.filter((path) => !ALLOWED.some((pattern) => pattern.test(path)))
    const missing = REQUIRED.filter((path) => !files.includes(path))
    if (unexpected.length || missing.length) throw new Error(`tarball: unexpected ${JSON.stringify(unexpected)}, missing ${JSON.stringify(missing)}`)
  })

  step('install the tarball in a fresh folder', () => {
    mkdirSync(consumer)
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
    const peers = ['@middy/core', '@types/aws-lambda', '@types/node'].map((name) => `${name}@${versionInRepo(name)}`)
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...peers], consumer)
    const installed = JSON.parse(run('npm', ['ls', '--json', '--all'], consumer)).dependencies
    if (Object.keys(installed).some((name) => name.startsWith('@aws-sdk/'))) throw new Error('an AWS SDK client was installed: they must stay optional peers')
  })

  step('ESM: the quick start runs against a local registry, without AWS', () => {
    writeFileSync(join(consumer, 'registry.local.json'), readFileSync(new URL('./packed/registry.local.json', import.meta.url)))
    writeFileSync(join(consumer, 'quick-start.mjs'), readFileSync(new URL('./packed/quick-start.mjs', import.meta.url)))
    const output = run('node', ['quick-start.mjs'], consumer, { MIDDY_REGISTRY_LOCAL: './registry.local.json' })
    if (!output.includes('quick start: ok')) throw new Error(output)
  })

  step('ESM: every subpath in "exports" imports', () => {
    for (const subpath of Object.keys(manifest.exports)) {
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`
      // One process each: a subpath may change process-wide state (middy-registry/testing does).
      const attributes = subpath.endsWith('.json') ? ", { with: { type: 'json' } }" : ''
      run('node', ['--input-type=module', '-e', `await import(${JSON.stringify(specifier)}${attributes})`], consumer)
    }
  })

  const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc')
  writeFileSync(join(consumer, 'quick-start.ts'), readFileSync(new URL('./packed/quick-start.ts', import.meta.url)))
  for (const [resolution, module] of [
    ['node16', 'node16'],
    ['bundler', 'esnext'],
  ]) {
    step(`tsc: the typed quick start compiles with moduleResolution ${resolution}`, () => {
      const options = {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        target: 'es2022',
        lib: ['es2023'],
        types: ['node'],
        module,
        moduleResolution: resolution,
      }
      writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['quick-start.ts'] }))
      run('node', [tsc, '-p', 'tsconfig.json'], consumer)
    })
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
console.log(`packed package: all checks passed in ${((performance.now() - started) / 1000).toFixed(1)} s`)
