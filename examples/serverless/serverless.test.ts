/**
 * The Serverless Framework service packages (`serverless package`, per stage) into a
 * function on nodejs22.x whose role grants exactly what the handler declares, in a bundle
 * without the local registry; and serverless-offline runs the same handler on loopback,
 * reading a local registry file named by MIDDY_REGISTRY_LOCAL. No AWS account, no network:
 * the commands run with a throwaway HOME, no credentials and telemetry off.
 * Run with `npm run test:examples` in the middy-registry repository.
 */

import assert from 'node:assert/strict'
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { inflateRawSync } from 'node:zlib'
import { declaredGrants } from '../declared-grants.js'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const serviceDir = here('.')
const handlerFile = here('./src/handler.ts')
const serverlessBin = here('./node_modules/serverless/bin/serverless.js')

const work = mkdtempSync(join(tmpdir(), 'middy-registry-serverless-'))
after(() => rmSync(work, { recursive: true, force: true }))

/** The environment the framework runs in: nothing of the caller's but PATH, so no AWS profile or key is ever found. */
const frameworkEnv = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '',
  HOME: join(work, 'home'),
  SLS_TELEMETRY_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  ...extra,
})

type Resource = { Type: string; Properties: Record<string, any> }
type Statement = { Effect: string; Action: string | string[]; Resource: unknown }

/** `serverless package` for a stage, into a folder of its own: the CloudFormation template and the zip's files. */
async function packageStage(stage: string) {
  const out = join(work, `package-${stage}`)
  await promisify(execFile)(process.execPath, [serverlessBin, 'package', '--stage', stage, '--package', out], {
    cwd: serviceDir,
    env: frameworkEnv(),
    timeout: 60_000,
  })
  const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as { Resources: Record<string, Resource> }
  return { resources: template.Resources, files: unzip(join(out, 'middy-registry-orders.zip')) }
}

/** The files of a zip archive (stored or deflated, as serverless-esbuild writes them). */
function unzip(file: string): Map<string, Buffer> {
  const zip = readFileSync(file)
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const files = new Map<string, Buffer>()
  for (let entry = zip.readUInt32LE(end + 16), count = zip.readUInt16LE(end + 10); count > 0; count--) {
    const [method, size, nameLength] = [zip.readUInt16LE(entry + 10), zip.readUInt32LE(entry + 20), zip.readUInt16LE(entry + 28)]
    const name = zip.toString('utf8', entry + 46, entry + 46 + nameLength)
    const local = zip.readUInt32LE(entry + 42)
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const data = zip.subarray(start, start + size)
    files.set(name, method === 8 ? inflateRawSync(data) : data)
    entry += 46 + nameLength + zip.readUInt16LE(entry + 30) + zip.readUInt16LE(entry + 32)
  }
  return files
}

/** A granted resource as the registry name it stands for: a parameter name, a path or a secret name. */
function registryName(resources: Record<string, Resource>, resource: unknown): string {
  const { Ref: ref, 'Fn::Sub': sub } = resource as { Ref?: string; 'Fn::Sub'?: string }
  if (ref) return resources[ref]!.Properties.Name // a secret, by its logical id
  const parameterArn = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter'
  if (!sub?.startsWith(parameterArn)) assert.fail(`unexpected resource ${JSON.stringify(resource)}`)
  return sub.slice(parameterArn.length)
}

for (const stage of ['dev', 'prod']) {
  describe(`serverless package --stage ${stage}`, () => {
    let packaged: Awaited<ReturnType<typeof packageStage>>
    before(async () => {
      packaged = await packageStage(stage)
    })
    const ofType = (type: string) => Object.values(packaged.resources).filter((resource) => resource.Type === type)

    it('runs the bundled handler on nodejs22.x with its stage', () => {
      const [fn] = ofType('AWS::Lambda::Function')
      assert.equal(fn!.Properties.Runtime, 'nodejs22.x')
      assert.equal(fn!.Properties.Handler, 'src/handler.handler')
      assert.equal(fn!.Properties.Environment.Variables.STAGE, stage)
      assert.equal(fn!.Properties.Environment.Variables.MIDDY_REGISTRY_LOCAL, undefined)
      assert.match(packaged.files.get('src/handler.mjs')!.toString(), /export\s*\{[^}]*\bhandler\b/)
    })

    it('grants exactly the reads the handler declares, and no wildcard', () => {
      const statements = ofType('AWS::IAM::Role').flatMap((role) =>
        role.Properties.Policies.flatMap((policy: { PolicyDocument: { Statement: Statement[] } }) => policy.PolicyDocument.Statement),
      )
      const granted = statements.flatMap(({ Effect, Action, Resource }) => {
        assert.equal(Effect, 'Allow')
        const actions = [Action].flat()
        // The framework's own statements: writing the function's logs, nothing else.
        if (actions.every((action) => action.startsWith('logs:'))) return []
        return actions.flatMap((action) => [Resource].flat().map((resource) => `${action} ${registryName(packaged.resources, resource)}`))
      })
      assert.deepEqual(granted.sort(), declaredGrants(handlerFile, stage))
    })

    it('creates every entry the handler declares', () => {
      const names = [...ofType('AWS::SSM::Parameter'), ...ofType('AWS::SecretsManager::Secret')].map((resource) => resource.Properties.Name as string)
      for (const grant of declaredGrants(handlerFile, stage)) {
        const name = grant.split(' ')[1]!
        const created = grant.startsWith('ssm:GetParametersByPath') ? names.some((candidate) => candidate.startsWith(`${name}/`)) : names.includes(name)
        assert.ok(created, `the service does not create ${name}`)
      }
    })

    it('deploys a bundle without the local registry (serverless-offline gets its own)', () => {
      const { sources } = JSON.parse(packaged.files.get('src/handler.mjs.map')!.toString()) as { sources: string[] }
      assert.ok(sources.some((source) => source.endsWith('src/sources/ssm/read.ts')))
      assert.deepEqual(
        sources.filter((source) => /src\/(local|offline)\.ts$|sources\/local\/read\.ts$/.test(source)),
        [],
      )
    })
  })
}

const API_KEY = 'local-development-key'

/** A port nothing listens on now, on loopback. */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

describe('serverless offline start, with MIDDY_REGISTRY_LOCAL', () => {
  let ordersService: Server
  let offline: ChildProcess
  let output = ''
  let httpPort: number
  let lambdaPort: number
  const requests: Array<{ url: string; key: string | undefined }> = []

  before(async () => {
    // The orders service the handler calls: it answers ord-1 to the key from the registry file.
    ordersService = createServer((request, response) => {
      requests.push({ url: request.url!, key: request.headers['x-api-key'] as string | undefined })
      if (request.headers['x-api-key'] !== API_KEY) return void response.writeHead(401).end()
      if (request.url !== '/orders/ord-1') return void response.writeHead(404).end()
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ orderId: 'ord-1', total: 42 }))
    })
    await new Promise<void>((resolve) => ordersService.listen(0, '127.0.0.1', resolve))

    // The example's own registry file, pointed at that service.
    const registry = JSON.parse(readFileSync(here('./registry.local.json'), 'utf8'))
    registry.parameters['/orders/dev/endpoint'] = `http://127.0.0.1:${(ordersService.address() as AddressInfo).port}`
    const registryFile = join(work, 'registry.local.json')
    writeFileSync(registryFile, JSON.stringify(registry))

    ;[httpPort, lambdaPort] = [await freePort(), await freePort()]
    offline = spawn(
      process.execPath,
      [serverlessBin, 'offline', 'start', '--host', '127.0.0.1', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort)],
      { cwd: serviceDir, env: frameworkEnv({ MIDDY_REGISTRY_LOCAL: registryFile }), stdio: ['ignore', 'pipe', 'pipe'] },
    )
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serverless-offline did not start within 45 s:\n${output}`)), 45_000)
      const read = (chunk: Buffer) => {
        output += chunk
        if (output.includes('Server ready')) {
          clearTimeout(timer)
          resolve()
        }
      }
      offline.stdout!.on('data', read)
      offline.stderr!.on('data', read)
      offline.once('exit', (code) => reject(new Error(`serverless-offline exited with ${code}:\n${output}`)))
    })
  })

  after(async () => {
    if (offline && offline.exitCode === null) {
      const exited = new Promise((resolve) => offline.once('exit', resolve))
      offline.kill('SIGINT')
      const timer = setTimeout(() => offline.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    await new Promise((resolve) => ordersService?.close(resolve))
  })

  it('answers GET /orders/{orderId} with the values from the local registry', async () => {
    const response = await fetch(`http://127.0.0.1:${httpPort}/orders/ord-1`)
    assert.equal(response.status, 200, output)
    // checkout-v2 is "on" under /features/dev/ in the file: ssm.path() read it.
    assert.deepEqual(await response.json(), { orderId: 'ord-1', total: 42, expressCheckout: true })
    assert.deepEqual(requests.at(-1), { url: '/orders/ord-1', key: API_KEY })
  })

  it('answers a direct Lambda invocation the same way', async () => {
    const event = { rawPath: '/orders/ord-2', pathParameters: { orderId: 'ord-2' } }
    const response = await fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/middy-registry-orders-dev-orders/invocations`, {
      method: 'POST',
      body: JSON.stringify(event),
    })
    assert.equal(response.status, 200, output)
    const result = (await response.json()) as { statusCode: number; body: string }
    assert.equal(result.statusCode, 404)
    assert.deepEqual(JSON.parse(result.body), { message: 'no order ord-2' })
    assert.deepEqual(requests.at(-1), { url: '/orders/ord-2', key: API_KEY })
  })

  it('hands the handler MIDDY_REGISTRY_LOCAL, so it never reads AWS', () => {
    assert.doesNotMatch(output, /MIDDY_REGISTRY_LOCAL is not set/)
    assert.doesNotMatch(output, /RegistryError/)
  })
})
