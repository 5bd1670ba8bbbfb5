/**
 * Shared test helpers: run a registry middleware in a real middy handler, build a fake
 * Lambda context, shape AWS SDK errors, and answer SSM calls from an in-memory store.
 */
import { afterEach, beforeEach, jest } from '@jest/globals'
import middy from '@middy/core'
import type { Context } from 'aws-lambda'
import { type FetchMap, type RegistryContext, RegistryError, type RegistryMiddleware } from '../../src/index.js'

/** Options every unit test passes to `registry()`: no prefetch, a fixed Region. */
export const testOptions = () => ({ prefetch: false, awsClientOptions: { region: 'eu-west-1' } }) as const

/** A Lambda context with the fields middy and handlers read. */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'orders',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:orders',
    memoryLimitInMB: '128',
    awsRequestId: 'request-1',
    logGroupName: '/aws/lambda/orders',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }
}

/** Runs one invocation through the middleware and returns the context the handler saw. */
export async function invoke<F extends FetchMap>(middleware: RegistryMiddleware<F>, context: Context = lambdaContext()): Promise<RegistryContext<F>> {
  const handler = middy()
    .use(middleware)
    .handler(async (_event: unknown, seen: RegistryContext<F>) => seen)
  // middy types the wrapped handler's context as the enriched one; the runtime passes a plain one.
  return (await handler({}, context as RegistryContext<F>)) as RegistryContext<F>
}

/** A function that invokes the middleware, for tests that invoke one registry many times. */
export const contextHandler =
  <F extends FetchMap>(middleware: RegistryMiddleware<F>) =>
  (context?: Context) =>
    invoke(middleware, context)

/**
 * A context whose wait limit (1 s less the default 500 ms margin) ends before the shortest
 * backoff: a cold fetch that is throttled fails at once instead of being retried.
 */
export const noTimeToRetry = (): Context => ({ ...lambdaContext(), getRemainingTimeInMillis: () => 1_000 })

/** Runs one invocation that must fail, and returns its RegistryError. */
export async function invokeFailing<F extends FetchMap>(middleware: RegistryMiddleware<F>, context?: Context): Promise<RegistryError> {
  const error = await invoke(middleware, context).then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof RegistryError)) throw new Error(`expected a RegistryError, got ${String(error)}`)
  return error
}

/** An error shaped like the AWS SDK v3's service exceptions (the code is in `name`). */
export function awsError(name: string, message = `${name} raised by the service`): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } })
}

/** A promise with its resolve function outside, to hold mocked responses back. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

/**
 * Lets background work that an invocation scheduled (a refresh goes out after the
 * invocation) run to its end, so that a test can assert that nothing was sent.
 */
export async function afterBackgroundWork(turns = 20): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve))
}

/** Waits (a bounded number of event-loop turns) until `condition` holds; false if it never does. */
export async function eventually(condition: () => boolean, turns = 200): Promise<boolean> {
  for (let turn = 0; turn < turns; turn++) {
    if (condition()) return true
    await new Promise((resolve) => setImmediate(resolve))
  }
  return condition()
}

export interface StoredParameter {
  Value: string
  Type?: 'String' | 'StringList' | 'SecureString'
}

/**
 * Answers GetParameters the way SSM does: found names in `Parameters` (a `name:selector`
 * comes back as Name plus Selector), unknown names in `InvalidParameters`.
 */
export function getParametersFrom(store: Record<string, StoredParameter>) {
  return (input: { Names?: string[] }) => {
    const names = input.Names ?? []
    const Parameters = names
      .filter((name) => Object.hasOwn(store, name))
      .map((name) => {
        const colon = name.lastIndexOf(':')
        const hasSelector = colon > name.lastIndexOf('/') && !name.startsWith('arn:')
        const bare = hasSelector ? name.slice(0, colon) : name
        const { Value, Type = 'String' } = store[name]!
        return { Name: bare, Value, Type, Version: 1, ...(hasSelector ? { Selector: name.slice(colon) } : {}) }
      })
    return { Parameters, InvalidParameters: names.filter((name) => !Object.hasOwn(store, name)) }
  }
}

/** The full ARN Secrets Manager gives a secret: its name plus a 6-character random suffix. */
export const secretArn = (name: string) => `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${name}-AbCdEf`

/** The ARN without its random suffix, which Secrets Manager accepts as an id. */
export const partialSecretArn = (name: string) => `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${name}`

export interface StoredSecret {
  SecretString?: string
  SecretBinary?: Uint8Array
}

function findSecret(store: Record<string, StoredSecret>, id: string) {
  const name = Object.keys(store).find((candidate) => id === candidate || id === secretArn(candidate) || id === partialSecretArn(candidate))
  return name === undefined ? undefined : { Name: name, ARN: secretArn(name), VersionId: `${name}-v1`, ...store[name] }
}

/** Answers BatchGetSecretValue the way Secrets Manager does: values found, Errors for the rest. */
export function batchGetSecretValueFrom(store: Record<string, StoredSecret>) {
  return (input: { SecretIdList?: string[] }) => {
    const ids = input.SecretIdList ?? []
    return {
      SecretValues: ids.flatMap((id) => findSecret(store, id) ?? []),
      Errors: ids
        .filter((id) => !findSecret(store, id))
        .map((SecretId) => ({ SecretId, ErrorCode: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." })),
    }
  }
}

/** Answers GetSecretValue from the same store, throwing ResourceNotFoundException for unknown ids. */
export function getSecretValueFrom(store: Record<string, StoredSecret>) {
  return (input: { SecretId?: string }) => {
    const found = findSecret(store, input.SecretId ?? '')
    if (!found) throw awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
    return found
  }
}

/**
 * In the describe block it is called in: the mocks and the cache reset, and a fake clock
 * from 2026-01-01 (with the turns background work takes left real) before each test; real
 * timers and restored spies after it.
 */
export function onFakeClock(reset: () => void): void {
  beforeEach(() => {
    reset()
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  })
  afterEach(() => {
    jest.useRealTimers()
    jest.restoreAllMocks()
  })
}
