/**
 * What a function's bundle holds, built the way users build Lambda functions: esbuild,
 * minified ESM, the AWS SDK external (Lambda's runtime provides it). The package is
 * compiled as published (one module per file, with package.json's `sideEffects`), so
 * tree shaking works here as it does from node_modules.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build, type Metafile } from 'esbuild'

const root = resolve('.')
let work: string

/** Compiles src/ into <work>/package/dist, beside a package.json that declares its side effects. */
async function compilePackage(): Promise<void> {
  const { sideEffects } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { sideEffects: string[] }
  mkdirSync(join(work, 'package'), { recursive: true })
  writeFileSync(join(work, 'package/package.json'), JSON.stringify({ type: 'module', sideEffects }))
  await build({ entryPoints: [join(root, 'src/**/*.ts')], outbase: join(root, 'src'), outdir: join(work, 'package/dist'), format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent' })
}

/** Bundles a handler module (its source given here) and returns the bundle's path and the package modules in it. */
async function bundle(name: string, source: string): Promise<{ file: string; modules: string[] }> {
  writeFileSync(join(work, `${name}.mjs`), source)
  const file = join(work, `${name}.bundle.mjs`)
  const { metafile } = await build({
    entryPoints: [join(work, `${name}.mjs`)],
    outfile: file,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@aws-sdk/*', '@smithy/*'],
    nodePaths: [join(root, 'node_modules')],
    metafile: true,
    logLevel: 'silent',
  })
  const inputs = Object.keys((metafile as Metafile).outputs[Object.keys((metafile as Metafile).outputs)[0]!]!.inputs)
  return { file, modules: inputs.filter((input) => input.includes('package/dist/')).map((input) => input.slice(input.indexOf('package/dist/') + 'package/dist/'.length)) }
}

const run = (file: string) => spawnSync(process.execPath, [file], { cwd: work, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } }).stdout.trim()

// Invoked once; prints the value, or the error's code and message.
const invokeAndPrint = `
await handler({}, {}).then((value) => console.log('value', value), (error) => console.log(error.failures?.[0]?.code, error.failures?.[0]?.message))`

const localHandler = (imports: string) => `
import middy from '@middy/core'
import { registry, ssm } from './package/dist/index.js'
${imports}
const handler = middy()
  .use(registry({ fetch: { url: ssm('/orders/prod/endpoint') }, local: './registry.json', prefetch: false }))
  .handler(async (event, context) => context.url)
${invokeAndPrint}`

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'bundles-'))
  await compilePackage()
  writeFileSync(join(work, 'registry.json'), JSON.stringify({ parameters: { '/orders/prod/endpoint': 'https://orders.example.com' } }))
}, 60_000)

describe('a function bundles only the parts of middy-registry it declares', () => {
  it('an SSM-only handler holds the SSM source, and neither other sources, service(), nor the local registry', async () => {
    const { modules } = await bundle('ssm-only', `
import middy from '@middy/core'
import { registry, ssm } from './package/dist/index.js'
export const handler = middy().use(registry({ fetch: { url: ssm('/orders/prod/endpoint') } })).handler(async (event, context) => context.url)`)
    expect(modules).toContain('sources/ssm.js')
    // The local loader and the service brand are what the core knows of those features: a few hundred bytes.
    const unwanted = modules.filter((module) => /^(sources\/(secrets-manager|cloud-map|dynamo|local)\.js|registry-file\/|references\/(service|expand|dynamo|cloud-map)[.-](?!brand)|publish\/|decode-)/.test(module))
    expect(unwanted).toEqual([])
  })

  it('a handler that declares a secret holds the Secrets Manager source too', async () => {
    const { modules } = await bundle('ssm-and-secret', `
import middy from '@middy/core'
import { registry, secret, ssm } from './package/dist/index.js'
export const handler = middy().use(registry({ fetch: { url: ssm('/a'), key: secret('b') } })).handler(async () => 'ok')`)
    expect(modules).toEqual(expect.arrayContaining(['sources/ssm.js', 'sources/secrets-manager.js']))
    expect(modules.filter((module) => module.startsWith('sources/local') && module !== 'sources/local-loader.js')).toEqual([])
  })
})

describe('a bundled handler reads a local registry only when it imports middy-registry/local', () => {
  it('fails, saying which import is missing, when the bundle lacks it', async () => {
    const { file } = await bundle('local-missing', localHandler(''))
    expect(run(file)).toBe(
      `LocalRegistryUnavailable the local registry file ${join(work, 'registry.json')} was selected, but this bundle does not include the local registry: add import 'middy-registry/local' to the handler module`,
    )
  })

  it('reads the file when the handler imports it', async () => {
    const { file, modules } = await bundle('local-imported', localHandler("import './package/dist/local.js'"))
    expect(modules).toContain('sources/local.js')
    expect(run(file)).toBe('value https://orders.example.com')
  })
})
