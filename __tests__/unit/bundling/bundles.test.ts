/**
 * What a function's bundle holds, built the way users build Lambda functions: esbuild,
 * minified ESM, the AWS SDK external (Lambda's runtime provides it) or bundled. The package is
 * compiled as published (one module per file, with package.json's `sideEffects`), so
 * tree shaking works here as it does from node_modules.
 */

import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { build, type Metafile } from 'esbuild'
import { compilePackage } from '../../fixtures/compiled-package.js'

const root = resolve('.')
let work: string

/** Bundles a handler module (its source given here) and returns the bundle's path and the package modules in it. */
async function bundle(
  name: string,
  source: string,
  { sdkBundled = false, conditions = undefined as string[] | undefined } = {},
): Promise<{ file: string; modules: string[] }> {
  writeFileSync(join(work, `${name}.mjs`), source)
  const file = join(work, `${name}.bundle.mjs`)
  const { metafile } = await build({
    entryPoints: [join(work, `${name}.mjs`)],
    outfile: file,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external: sdkBundled ? [] : ['@aws-sdk/*', '@smithy/*'],
    // The SDK's ES module build, as CDK's NodejsFunction picks it for ESM output.
    mainFields: ['module', 'main'],
    ...(conditions ? { conditions } : {}),
    nodePaths: [join(root, 'node_modules')],
    metafile: true,
    logLevel: 'silent',
  })
  const inputs = Object.keys((metafile as Metafile).outputs[Object.keys((metafile as Metafile).outputs)[0]!]!.inputs)
  return {
    file,
    modules: inputs.filter((input) => input.includes('package/dist/')).map((input) => input.slice(input.indexOf('package/dist/') + 'package/dist/'.length)),
  }
}

const run = (file: string) =>
  spawnSync(process.execPath, [file], { cwd: work, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } }).stdout.trim()

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

afterAll(() => rmSync(work, { recursive: true, force: true }))

beforeAll(async () => {
  // Inside node_modules, so that a bundle finds the SDK packages it leaves external, as
  // it does in Lambda's runtime.
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true })
  work = mkdtempSync(join(root, 'node_modules/.cache/bundles-'))
  await compilePackage(join(work, 'package'))
  writeFileSync(join(work, 'registry.json'), JSON.stringify({ parameters: { '/orders/prod/endpoint': 'https://orders.example.com' } }))
}, 60_000)

describe('a function bundles only the parts of middy-registry it declares', () => {
  it('an SSM-only handler holds the SSM source, and neither other sources, service(), nor the local registry', async () => {
    const { modules } = await bundle(
      'ssm-only',
      `
import middy from '@middy/core'
import { registry, ssm } from './package/dist/index.js'
export const handler = middy().use(registry({ fetch: { url: ssm('/orders/prod/endpoint') } })).handler(async (event, context) => context.url)`,
    )
    expect(modules).toContain('sources/ssm/read.js')
    // The local loader and the service brand are what the core knows of those features: a few hundred bytes.
    const unwanted = modules.filter((module) =>
      /^(sources\/(secrets-manager|cloud-map|dynamodb|s3|appconfig|database-tokens)\/|local-registry\/(?!loader)|sources\/[^/]+\/local\.js|registry-file\/|services\/(?!brand|names)|write\/)/.test(
        module,
      ),
    )
    expect(unwanted).toEqual([])
  })

  it('with the SDK bundled and the subset condition, holds the commands the SSM source sends and not the rest of the SSM client', async () => {
    const { file } = await bundle(
      'ssm-sdk-bundled',
      `
import middy from '@middy/core'
import { registry, ssm } from './package/dist/index.js'
export const handler = middy().use(registry({ fetch: { url: ssm('/orders/prod/endpoint') } })).handler(async (event, context) => context.url)`,
      { sdkBundled: true, conditions: ['middy-registry-sdk-subset', 'module'] },
    )
    const text = readFileSync(file, 'utf8')
    expect(text).toContain('"GetParametersByPath"')
    expect(text).not.toContain('"DeleteParameter"')
    expect(text).not.toContain('"BatchGetSecretValue"')
  })

  it('a handler that declares a secret holds the Secrets Manager source too', async () => {
    const { modules } = await bundle(
      'ssm-and-secret',
      `
import middy from '@middy/core'
import { registry, secret, ssm } from './package/dist/index.js'
export const handler = middy().use(registry({ fetch: { url: ssm('/a'), key: secret('b') } })).handler(async () => 'ok')`,
    )
    expect(modules).toEqual(expect.arrayContaining(['sources/ssm/read.js', 'sources/secrets-manager/read.js']))
    expect(modules.filter((module) => module.startsWith('local-registry/') && module !== 'local-registry/loader.js')).toEqual([])
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
    expect(modules).toContain('local-registry/read.js')
    expect(run(file)).toBe('value https://orders.example.com')
  })
})
