/**
 * What every integration test needs: real SDK clients pointed at moto's server (started by
 * the global setup, endpoint in MOTO_ENDPOINT), a count of the requests they send, and a
 * real middy handler behind `registry()` that reports what it found on its context.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import middy from '@middy/core'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { Context } from 'aws-lambda'
import { type FetchMap, RegistryError, type RegistryOptions, registry } from '../../src/index.js'

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

/**
 * SSM and Secrets Manager clients acting in the account of `roleArn`, for seeding data
 * there: moto runs a request signed with a role session in the role's account (the role
 * itself need not exist in moto's IAM).
 */
export async function clientsThroughRole(roleArn: string, region = REGION): Promise<Omit<MotoClients, 'requests'>> {
  const sts = new STSClient(awsClientOptions())
  const { Credentials: session } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'integration-seeding' }))
  const credentials = { accessKeyId: session!.AccessKeyId!, secretAccessKey: session!.SecretAccessKey!, sessionToken: session!.SessionToken! }
  const options = { ...awsClientOptions(), region, credentials }
  return { ssm: new SSMClient(options), secretsManager: new SecretsManagerClient(options) }
}

/** One request as it went on the wire: which service, Region and operation, signed with which access key. */
export interface SentRequest {
  readonly service: string
  readonly region: string
  readonly operation: string
  readonly accessKeyId: string
}

const between = (text: string, start: string, end: string) => text.split(start)[1]?.split(end)[0] ?? ''

function sentRequestOf({ headers, body }: Parameters<NodeHttpHandler['handle']>[0]): SentRequest {
  const header = (name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1] ?? ''
  // Credential=AKID/date/region/service/aws4_request
  const [accessKeyId = '', , region = '', service = ''] = between(header('authorization'), 'Credential=', ',').split('/')
  // JSON protocols (SSM, Secrets Manager) name the operation in a header; STS's query protocol in the body.
  const target = header('x-amz-target')
  const operation = target ? target.slice(target.lastIndexOf('.') + 1) : (new URLSearchParams(String(body ?? '')).get('Action') ?? 'unknown')
  return { service, region, operation, accessKeyId }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/** Resolves when a response body (a Node stream) has been read to its end by the SDK. */
function bodyRead(body: unknown): Promise<void> | undefined {
  const stream = body as NodeJS.ReadableStream & { readableEnded?: boolean }
  if (typeof stream?.once !== 'function' || stream.readableEnded) return undefined
  return new Promise((resolve) => {
    for (const event of ['end', 'close', 'error']) stream.once(event, () => resolve())
  })
}

/**
 * The HTTP handler of clients that registry() creates itself (as with a role), passed in
 * `awsClientOptions.requestHandler`: no middleware can be added to those clients, but every
 * request they send, STS's included, goes through here.
 */
export class RecordingHttpHandler extends NodeHttpHandler {
  readonly sent: SentRequest[] = []
  private readonly inFlight = new Set<Promise<unknown>>()

  override handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    this.sent.push(sentRequestOf(args[0]))
    const response = super.handle(...args)
    const settled: Promise<unknown> = response
      .then(
        ({ response: { body } }) => bodyRead(body),
        () => undefined,
      )
      .finally(() => this.inFlight.delete(settled))
    this.inFlight.add(settled)
    return response
  }

  /** How many requests of one operation were sent. */
  count(operation: string): number {
    return this.sent.filter((request) => request.operation === operation).length
  }

  /** Resolves once every request sent so far has been answered and read (a background call included). */
  async idle(): Promise<void> {
    // Turns of the event loop: one for a call started in the background to be on the
    // wire, one after the answers for the SDK to hand them to their callers.
    await nextTurn()
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
    await nextTurn()
  }
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
