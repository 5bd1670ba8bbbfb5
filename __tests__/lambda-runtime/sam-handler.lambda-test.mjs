/**
 * `npm run test:lambda-runtime`: the SAM example's handler (examples/sam/src/handler.ts),
 * bundled as `sam build` bundles it, runs in a real Lambda runtime: aws-lambda-ric (the
 * Node.js Runtime Interface Client) under the Runtime Interface Emulator, with its registry
 * in moto's server and its orders service on a loopback port. The module is ESM and awaits
 * `orders.ready()` at its top level, so the prefetch happens in the init phase.
 *
 * The function's SDK requests go to moto through a counting proxy (AWS_ENDPOINT_URL), so
 * that "a warm invocation sent no request" is seen on the wire, not guessed from timing.
 * What is missing to run this (the RIE, the ric's native build and its tools) is installed
 * by scripts/lambda-runtime/prepare.mjs; what cannot be installed fails the run, loudly.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { CannotInstall, prepare } from '../../scripts/lambda-runtime/prepare.mjs'
import { resetMoto, useMotoServer } from '../../scripts/moto-server.mjs'
import { startFaultProxy } from '../integration/faults/proxy.ts'
import { startFunction } from './emulator.mjs'

const REGION = 'us-east-1'
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' }

// Node 20 is supported; the SDK's notice that its 2027 releases will need Node 22 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

// Installs what is missing (the RIE, the ric and its build tools) and bundles the handler.
// What cannot be installed is one failing test, never a skip.
let runtime
let cannotPrepare
try {
  runtime = await prepare()
} catch (error) {
  cannotPrepare = error
  // Framed and on stderr at once, whatever the reporter does with the failure.
  if (error instanceof CannotInstall) process.stderr.write(`\n${error.message}\n\n`)
}

/** A stand-in for the orders service: answers GET /v2/orders/ID to the current API key, 401 to any other. */
async function startOrdersService() {
  const service = { apiKey: '', keysSeen: [] }
  const server = createServer((request, response) => {
    const key = String(request.headers['x-api-key'] ?? '')
    service.keysSeen.push(key)
    const match = /^\/v2\/orders\/([^/]+)$/.exec(request.url ?? '')
    if (!match) return void response.writeHead(404).end()
    if (key !== service.apiKey) return void response.writeHead(401).end()
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ orderId: decodeURIComponent(match[1]), status: 'shipped' }))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  service.url = `http://127.0.0.1:${server.address().port}/v2`
  service.close = () => new Promise((resolve) => server.close(resolve))
  return service
}

/** A fresh secret value: random, so that finding it in a payload or a log cannot be a coincidence. */
const secretValue = (label) => `${label}-${randomBytes(12).toString('hex')}`

if (cannotPrepare) {
  // Without a runtime, one failing test stands in for the suite.
  it('installs what a Lambda runtime needs (the RIE, aws-lambda-ric and its build tools)', () => {
    throw cannotPrepare
  })
} else {
  describe('the SAM example handler in a Lambda runtime (aws-lambda-ric under the RIE) against moto', { timeout: 180_000 }, suite)
}

function suite() {
  let moto
  let proxy
  let orders
  let ssm
  let secrets
  const functions = []
  const keys = { dev: secretValue('dev-key'), rotated: secretValue('rotated-key'), prod: secretValue('prod-key') }

  /** What the proxy counted since `since` (a `counts()` taken earlier), per operation. */
  const requestsSince = (since) => {
    const now = proxy.counts().byOperation
    return Object.fromEntries(
      Object.entries(now).flatMap(([operation, count]) => (count > (since[operation] ?? 0) ? [[operation, count - (since[operation] ?? 0)]] : [])),
    )
  }

  /** The function's environment, as the template sets it, with the AWS SDK pointed at moto (through the proxy). */
  const environment = (stage) => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    STAGE: stage,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: `orders-client-${stage}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_LAMBDA_FUNCTION_TIMEOUT: '10',
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ENDPOINT_URL: proxy.endpoint,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: 'testing',
  })

  const startEnvironment = async (stage) => {
    const fn = await startFunction({ ...runtime, env: environment(stage) })
    functions.push(fn)
    return fn
  }

  /** The entries the template creates for a stage; `endpoint: false` leaves the endpoint parameter out. */
  async function seed(stage, apiKey, { endpoint = true } = {}) {
    const put = (Name, Value) => ssm.send(new PutParameterCommand({ Name, Value, Type: 'String', Overwrite: true }))
    if (endpoint) await put(`/orders/${stage}/endpoint`, orders.url)
    await put(`/orders/${stage}/limits`, '{"timeoutMs":2500}')
    await put(`/features/${stage}/checkout-v2`, 'on')
    await secrets.send(new CreateSecretCommand({ Name: `orders/${stage}/api-key`, SecretString: apiKey }))
  }

  before(async () => {
    moto = await useMotoServer()
    await resetMoto(moto.endpoint)
    proxy = await startFaultProxy(moto.endpoint)
    orders = await startOrdersService()
    orders.apiKey = keys.dev
    // Seeding goes to moto directly: the proxy counts the function's requests only.
    const clientOptions = { endpoint: moto.endpoint, region: REGION, credentials: CREDENTIALS }
    ssm = new SSMClient(clientOptions)
    secrets = new SecretsManagerClient(clientOptions)
    await seed('dev', keys.dev)
    await seed('prod', keys.prod, { endpoint: false })
  })

  after(async () => {
    await Promise.all(functions.map((fn) => fn.stop()))
    ssm?.destroy()
    secrets?.destroy()
    await proxy?.close()
    await orders?.close()
    await moto?.stop()
  })

  describe('one execution environment (STAGE=dev)', () => {
    let dev

    before(async () => {
      dev = await startEnvironment('dev')
    })

    it('cold: init prefetches every value in one request per kind, and the handler calls the service with them', async () => {
      const since = proxy.counts().byOperation
      const { status, payload } = await dev.invoke({ orderId: '42' })
      assert.equal(status, 200)
      assert.deepEqual(payload, { orderId: '42', status: 'shipped', expressCheckout: true })
      // /orders/dev/endpoint and /orders/dev/limits in one GetParameters, the path, the lone secret.
      assert.deepEqual(requestsSince(since), { GetParameters: 1, GetParametersByPath: 1, GetSecretValue: 1 })
      assert.deepEqual(orders.keysSeen, [keys.dev])
      const reports = dev.reports()
      assert.equal(reports.length, 1)
      assert.ok(reports[0].initDuration !== undefined, `a cold start reports an Init Duration:\n${dev.output()}`)
    })

    it('warm: the same environment answers from its cache, with no request to the registry', async () => {
      const since = proxy.counts().byOperation
      const { status, payload } = await dev.invoke({ orderId: '43' })
      assert.equal(status, 200)
      assert.deepEqual(payload, { orderId: '43', status: 'shipped', expressCheckout: true })
      assert.deepEqual(requestsSince(since), {})
      assert.deepEqual(orders.keysSeen, [keys.dev, keys.dev])
      const reports = dev.reports()
      assert.equal(reports.length, 2)
      assert.equal(reports[1].initDuration, undefined, 'a warm start reports no Init Duration')
    })

    it("a rotated key: the service's 401 makes the handler re-read the key alone, once, and retry", async () => {
      await secrets.send(new PutSecretValueCommand({ SecretId: 'orders/dev/api-key', SecretString: keys.rotated }))
      orders.apiKey = keys.rotated
      const since = proxy.counts().byOperation
      const { status, payload } = await dev.invoke({ orderId: '44' })
      assert.equal(status, 200)
      assert.deepEqual(payload, { orderId: '44', status: 'shipped', expressCheckout: true })
      // DescribeSecret finds AWSCURRENT moved, so the new value is read: the cached one is not trusted.
      assert.deepEqual(requestsSince(since), { DescribeSecret: 1, GetSecretValue: 1 })
      assert.deepEqual(orders.keysSeen.slice(-2), [keys.dev, keys.rotated])
    })

    it('never prints a secret value in its logs', () => {
      for (const value of Object.values(keys)) assert.ok(!dev.output().includes(value), 'a secret value is in the runtime output')
    })
  })

  describe('an execution environment whose endpoint parameter is missing (STAGE=prod)', () => {
    let prod

    before(async () => {
      prod = await startEnvironment('prod')
    })

    it('answers the caller with a RegistryError naming the key, the parameter and AWS code, and no value', async () => {
      const { status, payload, text } = await prod.invoke({ orderId: '42' })
      assert.equal(status, 200, 'the RIE answers a function error with 200 and the error as the payload, as Invoke does')
      assert.equal(payload.errorType, 'RegistryError')
      assert.match(payload.errorMessage, /^1 registry value could not be resolved: ordersUrl \(ssm \/orders\/prod\/endpoint: ParameterNotFound\)/)
      assert.ok(!text.includes(keys.prod), 'the error payload holds the secret value')
      assert.ok(!prod.output().includes(keys.prod), 'the runtime output holds the secret value')
      // The init did not fail: the runtime started, and the failure is the invocation's.
      assert.ok(prod.reports()[0]?.initDuration !== undefined)
      assert.equal(orders.keysSeen.includes(keys.prod), false, 'the orders service was called without an endpoint')
    })

    it('recovers in the same environment, without a restart, once the parameter exists', async () => {
      await ssm.send(new PutParameterCommand({ Name: '/orders/prod/endpoint', Value: orders.url, Type: 'String' }))
      orders.apiKey = keys.prod
      // A failed key is tried again once its backoff (0.5 to 1 s, doubling) has run out;
      // until then an invocation fails at once with the last error.
      const deadline = Date.now() + 15_000
      let last
      do {
        await new Promise((resolve) => setTimeout(resolve, 500))
        last = await prod.invoke({ orderId: '7' })
      } while (last.payload.errorType === 'RegistryError' && Date.now() < deadline)
      assert.deepEqual(last.payload, { orderId: '7', status: 'shipped', expressCheckout: true })
      assert.equal(prod.reports().filter((report) => report.initDuration !== undefined).length, 1, 'the environment was initialised once')
    })
  })
}
