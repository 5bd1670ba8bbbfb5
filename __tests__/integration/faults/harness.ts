/**
 * What every fault scenario needs: moto seeded with one endpoint and one secret, real SDK
 * clients whose endpoint is the fault proxy, a real middy handler behind `registry()`, and
 * watchers for what must never happen (a leaked secret, an unhandled rejection).
 */

import { inspect } from 'node:util'
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import middy from '@middy/core'
import type { Context } from 'aws-lambda'
import { type RegistryEvent, type RegistryMiddleware, type RegistryOptions, registry, secret, ssm } from '../../../src/index.js'
import { awsClientOptions, REGION, resetMoto } from '../helpers.js'
import { type FaultProxy, startFaultProxy } from './proxy.js'

export const ENDPOINT_VALUE = 'https://svc.internal.example/v1'
/** Distinctive, so that a leak is found by a plain substring search. */
export const SECRET_VALUE = 'S3CR3T-VALUE-xyz'

export const CACHE_EXPIRY = 200
export const MAX_STALE = 1_500
/** What the Lambda-like context's getRemainingTimeInMillis() starts from, per invocation. */
export const REMAINING_MS = 1_500

const FETCH = { url: ssm('/svc/endpoint'), key: secret('svc/key') }
export type FaultFetch = typeof FETCH

/**
 * The options being added to the library beside this suite: `requestTimeout` (deadline of
 * every fetch) and `timeoutMargin` (a blocking fetch gives up that long before the Lambda
 * deadline). Spread in untyped, so the suite compiles before and after they land.
 */
export interface DeadlineOptions {
  readonly requestTimeout?: number
  readonly timeoutMargin?: number
}

/** Puts the two values in moto, straight (not through the proxy). */
export async function seedMoto(): Promise<void> {
  await resetMoto()
  const ssmClient = new SSMClient(awsClientOptions())
  const secretsClient = new SecretsManagerClient(awsClientOptions())
  try {
    await ssmClient.send(new PutParameterCommand({ Name: '/svc/endpoint', Value: ENDPOINT_VALUE, Type: 'String' }))
    await secretsClient.send(new CreateSecretCommand({ Name: 'svc/key', SecretString: SECRET_VALUE }))
  } finally {
    ssmClient.destroy()
    secretsClient.destroy()
  }
}

/** Records where the secret value showed up; `found` must stay empty. */
export class LeakWatch {
  readonly found: string[] = []

  scan(where: string, text: string): void {
    if (text.includes(SECRET_VALUE)) this.found.push(where)
  }

  /** Everything a logger could print of an error. */
  scanError(error: unknown): void {
    this.scan('error message', error instanceof Error ? error.message : String(error))
    this.scan('error JSON', JSON.stringify(error) ?? '')
    this.scan('inspected error', inspect(error, { showHidden: true, depth: 5 }))
  }
}

/** The proxy, SDK clients that talk to it (one attempt each: the proxy counts every request), and the watchers. */
export interface Harness {
  readonly proxy: FaultProxy
  readonly clients: { readonly ssm: SSMClient; readonly secretsManager: SecretsManagerClient }
  readonly leaks: LeakWatch
  /** Unhandled rejections seen since the harness started. */
  unhandledRejections(): number
  /**
   * From now on, marks each unhandled rejection handled once counted. For the comparison
   * subject only (anchor.ts), whose rejections are figures, not failures of this suite:
   * jest would fail the hook or test they happened in.
   */
  absorbRejections(): void
  close(): Promise<void>
}

/**
 * Jest runs test code in a vm context, while Node's http module lives in the outer one: a
 * socket error (ECONNRESET, "aborted") is not `instanceof Error` to the SDK, whose retry
 * step then replaces it with a bare "AWS SDK error wrapper for …" that has lost its name
 * and code. This middleware, inside the retry step, rebuilds such an error in this realm
 * with its own properties, so the library sees what an SDK client throws on Lambda.
 */
function keepErrorsOfNode(client: SSMClient | SecretsManagerClient): void {
  ;(client.middlewareStack as SSMClient['middlewareStack']).add(
    (next) => async (args) => {
      try {
        return await next(args)
      } catch (error) {
        throw inThisRealm(error)
      }
    },
    { step: 'deserialize', priority: 'high', name: 'faultSuiteErrorRealm' },
  )
}

function inThisRealm(error: unknown): unknown {
  if (error instanceof Error || typeof error !== 'object' || error === null) return error
  const foreign = error as Error & Record<string, unknown>
  const local = Object.assign(new Error(foreign.message), foreign, { name: foreign.name })
  local.stack = foreign.stack
  // The SDK's hidden copy of the HTTP response stays hidden.
  const response = Object.getOwnPropertyDescriptor(foreign, '$response')
  if (response) Object.defineProperty(local, '$response', { ...response, enumerable: false })
  return local
}

export async function startHarness(motoEndpoint: string): Promise<Harness> {
  const proxy = await startFaultProxy(motoEndpoint)
  const options = { ...awsClientOptions(), endpoint: proxy.endpoint, maxAttempts: 1 }
  const clients = { ssm: new SSMClient(options), secretsManager: new SecretsManagerClient(options) }
  keepErrorsOfNode(clients.ssm)
  keepErrorsOfNode(clients.secretsManager)
  let rejections = 0
  let absorbing = false
  const onRejection = (_reason: unknown, promise: Promise<unknown>) => {
    rejections++
    // A handler added late makes Node emit rejectionHandled, which jest takes as handled.
    if (absorbing) promise.catch(() => undefined)
  }
  process.on('unhandledRejection', onRejection)
  return {
    proxy,
    clients,
    leaks: new LeakWatch(),
    unhandledRejections: () => rejections,
    absorbRejections: () => void (absorbing = true),
    async close() {
      process.off('unhandledRejection', onRejection)
      await proxy.close()
      clients.ssm.destroy()
      clients.secretsManager.destroy()
    },
  }
}

/** A Lambda-like context whose deadline is REMAINING_MS after the invocation starts. */
function lambdaContext(): Context {
  const deadline = Date.now() + REMAINING_MS
  return {
    functionName: 'fault-injection',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:fault-injection`,
    memoryLimitInMB: '128',
    awsRequestId: 'fault-injection-request',
    logGroupName: '/aws/lambda/fault-injection',
    logStreamName: 'fault-injection-stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  } as Context
}

/** One invocation, as the loop saw it. */
export interface Invocation {
  readonly startedAt: number
  readonly settledAt: number
  /** Resolved with both values right. */
  readonly ok: boolean
  /** False when it had neither resolved nor rejected by the loop's guard. */
  readonly settled: boolean
  readonly error?: unknown
}

/** What a scenario drives: one handler (context.url from SSM, context.key from a secret), invoked serially. */
export interface Subject {
  /** The library it runs, for the figures table. */
  readonly library: string
  invoke(): Promise<Invocation>
  /** Once the scenario is over: scans what the library exposes beside the context, stops what it keeps running. */
  finish(): Promise<void>
}

/** The handler under test, and what registry() reported through onEvent. */
export interface RegistrySubject extends Subject {
  readonly middleware: RegistryMiddleware<FaultFetch>
  readonly events: RegistryEvent[]
}

/** Builds a subject from an empty cache; `deadlines` applies to registry() only. */
export type SubjectFactory<S extends Subject> = (harness: Harness, deadlines?: DeadlineOptions) => S

// Past this, an invocation is recorded as unsettled and the loop goes on, so a library
// that waits forever fails the assertions instead of the whole run.
const GUARD_MS = REMAINING_MS + 3_000

export function subjectOf(harness: Harness, deadlines: DeadlineOptions = {}): RegistrySubject {
  const events: RegistryEvent[] = []
  const options = {
    fetch: FETCH,
    cacheExpiry: CACHE_EXPIRY,
    maxStale: MAX_STALE,
    clients: harness.clients,
    prefetch: false,
    local: false as const,
    onEvent: (event: RegistryEvent) => {
      harness.leaks.scan('event', JSON.stringify(event))
      events.push(event)
    },
    ...deadlines,
  } as RegistryOptions<FaultFetch>
  const middleware = registry(options)
  const handler = middy()
    .use(middleware)
    .handler(async (_event: unknown, context: Context & { url: string; key: string }) => {
      harness.leaks.scan('context', inspect(context, { showHidden: true, depth: 5 }))
      return context.url === ENDPOINT_VALUE && context.key === SECRET_VALUE
    })
  const invoke = () => invokeGuarded(harness.leaks, (event, context) => handler(event, context as Parameters<typeof handler>[1]))
  const finish = async () => harness.leaks.scan('stats()', JSON.stringify(middleware.stats()))
  return { library: 'middy-registry', middleware, events, invoke, finish }
}

/** Runs one invocation of `call` against a Lambda-like context, recorded whatever happens. */
export function invokeGuarded(leaks: LeakWatch, call: (event: unknown, context: Context) => Promise<boolean>): Promise<Invocation> {
  return guarded(leaks, () => call({}, lambdaContext()))
}

async function guarded(leaks: LeakWatch, call: () => Promise<boolean>): Promise<Invocation> {
  const startedAt = Date.now()
  let guard: NodeJS.Timeout | undefined
  const timedOut = new Promise<'unsettled'>((resolve) => (guard = setTimeout(() => resolve('unsettled'), GUARD_MS)))
  const outcome = call().then(
    (valuesRight) => ({ ok: valuesRight, error: valuesRight ? undefined : new Error('resolved with wrong values') }),
    (error: unknown) => ({ ok: false, error }),
  )
  const result = await Promise.race([outcome, timedOut])
  clearTimeout(guard)
  if (result === 'unsettled') return { startedAt, settledAt: Date.now(), ok: false, settled: false }
  if (result.error !== undefined) leaks.scanError(result.error)
  return { startedAt, settledAt: Date.now(), settled: true, ...result }
}
