/**
 * "Install only the clients you use", for a function that bundles the AWS SDK: a project
 * whose node_modules holds @aws-sdk/client-ssm and none of the other clients builds an
 * SSM-only handler with esbuild (the SDK inside the bundle, as SAM's and CDK's esbuild
 * builds can), loads it, and invokes it against moto.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PutParameterCommand } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { build, type Metafile } from 'esbuild'
import { compilePackage } from '../fixtures/compiled-package.js'
import { awsClientOptions, motoClients, resetMoto } from './helpers.js'

const root = resolve('.')
const NOT_INSTALLED = ['client-secrets-manager', 'client-servicediscovery', 'client-dynamodb', 'client-s3', 'client-appconfigdata', 'client-sts']
let project: string

/** The project's node_modules: the repository's packages, linked, except the clients it does not use. */
function linkNodeModules(): void {
  const modules = join(project, 'node_modules')
  mkdirSync(join(modules, '@aws-sdk'), { recursive: true })
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name === '@aws-sdk' || name === '.bin' || name === '.cache') continue
    symlinkSync(join(root, 'node_modules', name), join(modules, name))
  }
  for (const name of readdirSync(join(root, 'node_modules/@aws-sdk'))) {
    if (!NOT_INSTALLED.includes(name)) symlinkSync(join(root, 'node_modules/@aws-sdk', name), join(modules, '@aws-sdk', name))
  }
}

const handlerSource = (fetch: string) => `
import middy from '@middy/core'
import { registry, secret, ssm } from 'middy-registry'
const handler = middy()
  .use(registry({ fetch: ${fetch}, awsClientOptions: ${JSON.stringify(awsClientOptions())}, prefetch: false }))
  .handler(async (event, context) => context.url)
await handler({}, {}).then((value) => console.log('value', value), (error) => console.log('failed', error.failures?.[0]?.code, error.failures?.[0]?.message))`

/** Bundles a handler with the SDK inside; `conditions` as a user would add them. */
async function bundle(name: string, fetch: string, conditions?: string[]) {
  writeFileSync(join(project, `${name}.mjs`), handlerSource(fetch))
  const outfile = join(project, `${name}.bundle.mjs`)
  const { metafile } = await build({
    entryPoints: [join(project, `${name}.mjs`)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    // The SDK's ES module build, as CDK's NodejsFunction picks it for ESM output.
    mainFields: ['module', 'main'],
    ...(conditions ? { conditions } : {}),
    metafile: true,
    logLevel: 'silent',
  })
  const clients = Object.keys((metafile as Metafile).inputs)
    .map((input) => /@aws-sdk\/(client-[a-z-]+)\//.exec(input)?.[1])
    .filter((client) => client !== undefined)
  return { outfile, clients: [...new Set(clients)] }
}

const run = (file: string) => spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8', timeout: 60_000 }).stdout.trim()

beforeAll(async () => {
  // Outside the repository, whose node_modules holds every client.
  project = mkdtempSync(join(tmpdir(), 'middy-registry-partial-sdk-'))
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'function', type: 'module', private: true }))
  linkNodeModules()
  await compilePackage(join(project, 'node_modules/middy-registry'))
  await resetMoto()
  await motoClients().ssm.send(new PutParameterCommand({ Name: '/bundle/endpoint', Value: 'https://orders.example.com', Type: 'String' }))
}, 120_000)

afterAll(() => rmSync(project, { recursive: true, force: true }))

describe('a function that bundles the SDK installs only the clients it uses', () => {
  it('builds an SSM-only handler with only @aws-sdk/client-ssm installed, holding that client alone', async () => {
    const { clients } = await bundle('ssm-only', "{ url: ssm('/bundle/endpoint') }")
    expect(clients).toEqual(['client-ssm'])
  })

  it('loads the bundle and resolves the parameter from moto', async () => {
    const { outfile } = await bundle('ssm-invoked', "{ url: ssm('/bundle/endpoint') }")
    expect(run(outfile)).toBe('value https://orders.example.com')
  })

  it('fails the declaration whose client is not installed, naming the package to install', async () => {
    const { outfile } = await bundle('secret-missing', "{ url: secret('orders/prod/api-key') }")
    expect(run(outfile)).toBe(
      'failed SdkNotInstalled @aws-sdk/client-secrets-manager is not installed; add it with "npm install @aws-sdk/client-secrets-manager"',
    )
  })

  it('needs every client installed for the smaller build with the subset condition, and says which is missing', async () => {
    const failure = await bundle('subset', "{ url: ssm('/bundle/endpoint') }", ['middy-registry-sdk-subset', 'module']).then(
      () => undefined,
      (error: Error) => error.message,
    )
    expect(failure).toContain('Could not resolve "@aws-sdk/client-secrets-manager"')
  })
})
