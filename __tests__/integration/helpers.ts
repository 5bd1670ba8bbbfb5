/**
 * What every integration test needs: real SDK clients pointed at moto's server (started by
 * the global setup, endpoint in MOTO_ENDPOINT), a count of the requests they send, and a
 * real middy handler behind `registry()` that reports what it found on its context.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import middy from '@middy/core'
import type { Context } from 'aws-lambda'
import { registry, RegistryError, type FetchMap, type RegistryOptions } from '../../src/index.js'

export const REGION = 'us-east-1'
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' }

export function motoEndpoint(): string {
  const endpoint = process.env.MOTO_ENDPOINT
  if (!endpoint) throw new Error('MOTO_ENDPOINT is not set: run these tests with `npm run test:integration`')
  return endpoint
}

/** Options for an SDK client that talks to moto. */
export const awsClientOptions = () => ({ endpoint: motoEndpoint(), region: REGION, credentials: CREDENTIALS })

/** Empties moto (every service, every Region), so that a test file starts from nothing. */
export async function resetMoto(): Promise<void> {
  const response = await fetch(`${motoEndpoint()}/moto-api/reset`, { method: 'POST' })
  await response.arrayBuffer()
  if (!response.ok) throw new Error(`resetting moto failed: HTTP ${response.status}`)
}

/** Requests sent by the clients it watches, per operation name (`GetParameters`, …). */
export class RequestCounter {
  private readonly counts = new Map<string, number>()

  /** How many requests of one operation were sent since the last reset. */
  of(operation: string): number {
    return this.counts.get(operation) ?? 0
  }

  /** Every operation sent since the last reset, with its count. */
  all(): Record<string, number> {
    return Object.fromEntries(this.counts)
  }

  reset(): void {
    this.counts.clear()
  }

  record(operation: string): void {
    this.counts.set(operation, this.of(operation) + 1)
  }

  /** Counts every request the client puts on the wire, retries included. */
  watch(client: SSMClient | SecretsManagerClient): void {
    // The deserialize step wraps the HTTP call itself, so each attempt is seen once.
    ;(client.middlewareStack as SSMClient['middlewareStack']).add(
      (next, context) => async (args) => {
        this.record(context.commandName?.replace(/Command$/, '') ?? 'unknown')
        return next(args)
      },
      { step: 'deserialize', priority: 'low', name: 'integrationRequestCounter' },
    )
  }
}

export interface MotoClients {
  readonly ssm: SSMClient
  readonly secretsManager: SecretsManagerClient
  readonly requests: RequestCounter
}

/** A new pair of SDK clients talking to moto, both counted by one RequestCounter. */
export function motoClients(): MotoClients {
  const requests = new RequestCounter()
  const ssm = new SSMClient(awsClientOptions())
  const secretsManager = new SecretsManagerClient(awsClientOptions())
  requests.watch(ssm)
  requests.watch(secretsManager)
  return { ssm, secretsManager, requests }
}

type HowToReachAws = Pick<RegistryOptions<FetchMap>, 'clients' | 'awsClientOptions' | 'prefetch' | 'local'>

/** registry() with the caller's clients. No prefetch: each test decides when AWS is called. */
export const withClients = ({ ssm, secretsManager }: MotoClients): HowToReachAws => ({
  clients: { ssm, secretsManager },
  prefetch: false,
  local: false,
})

/** registry() creating its own clients from awsClientOptions, as a Lambda function would. */
export const withClientOptions = (): HowToReachAws => ({ awsClientOptions: awsClientOptions(), prefetch: false, local: false })

const lambdaContext = (): Context =>
  ({
    functionName: 'integration-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:integration-test`,
    memoryLimitInMB: '128',
    awsRequestId: 'integration-request',
    logGroupName: '/aws/lambda/integration-test',
    logStreamName: 'integration-stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 30_000,
  }) as Context

/** What a handler saw: the declared values, and which keys `Object.keys(context)` lists. */
export interface Seen {
  readonly values: Record<string, unknown>
  readonly enumerableKeys: readonly string[]
}

/**
 * A real middy handler behind `registry(options)`. Each call is one invocation; it
 * resolves to what the handler found on its context for the declared keys.
 */
export function handlerWith<F extends FetchMap>(options: RegistryOptions<F>): () => Promise<Seen> {
  const keys = Object.keys(options.fetch)
  const handler = middy()
    .use(registry(options))
    .handler(async (_event: unknown, context: Context) => {
      const values = Object.fromEntries(keys.map((key) => [key, (context as unknown as Record<string, unknown>)[key]]))
      return { values, enumerableKeys: Object.keys(context).filter((key) => keys.includes(key)) }
    })
  // The handler's type promises the resolved values on the context; registry() puts them there.
  return () => handler({}, lambdaContext() as Parameters<typeof handler>[1]) as Promise<Seen>
}

/** The values one invocation of a new handler behind `registry(options)` finds. */
export async function resolveOnce<F extends FetchMap>(options: RegistryOptions<F>): Promise<Record<string, unknown>> {
  return (await handlerWith(options)()).values
}

/** The RegistryError an invocation rejects with; any other outcome fails the test. */
export async function registryErrorOf(invocation: Promise<unknown>): Promise<RegistryError> {
  try {
    await invocation
  } catch (error) {
    if (error instanceof RegistryError) return error
    throw error
  }
  throw new Error('expected the invocation to reject with a RegistryError, but it resolved')
}
