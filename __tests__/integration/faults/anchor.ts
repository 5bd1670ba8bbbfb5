/**
 * The comparison subject of the figures table (docs/reliability.md): the same handler shape
 * built with @middy/ssm + @middy/secrets-manager, over the harness's proxied clients. The
 * suite asserts nothing about it, and runs it only when FAULT_FIGURES_FILE is set.
 *
 * How those middlewares (6.4.5) meet a failing registry, read from their source; this is
 * what their rows show, not a defect of the setup:
 * - no maxStale: when cacheExpiry runs out, each middleware's timer refetches its key
 *   whether or not an invocation needs it, and invocations await that fetch;
 * - a failed fetch clears its key from the cache, so the next invocation fetches it again
 *   and waits for it; there is no backoff (and when @middy/ssm fails, the invocation ends
 *   before @middy/secrets-manager runs);
 * - no deadline of their own: a fetch lasts as long as the SDK client lets it (these
 *   clients: one attempt, no timeout), and @middy/core's timeoutEarlyInMillis guards the
 *   handler, not the `before` middlewares, so a hung request holds the invocation while
 *   the timer keeps sending new ones;
 * - a success without a value (a secret without SecretString) is cached as `undefined`;
 * - a failure rejects with "Failed to resolve internal values" (the SDK errors in
 *   cause.data), and a timer's fetch that fails while no invocation awaits it is an
 *   unhandled rejection.
 */

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import middy from '@middy/core'
import secretsManager from '@middy/secrets-manager'
import ssm from '@middy/ssm'
import { clearCache, getCache } from '@middy/util'
import type { Context } from 'aws-lambda'
import { CACHE_EXPIRY, ENDPOINT_VALUE, type Harness, invokeGuarded, SECRET_VALUE, type Subject } from './harness.js'

const version = (name: string): string => {
  const entry = createRequire(import.meta.url).resolve(name)
  return (JSON.parse(readFileSync(join(dirname(entry), 'package.json'), 'utf8')) as { version: string }).version
}

export const MIDDY_LIBRARY = `Middy ${version('@middy/ssm')} ssm + secrets-manager`

/** Their default cache keys: one entry per middleware. */
const CACHE_KEYS = ['ssm', 'secrets-manager']

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** 6.x takes a client class and calls `new` on it; a constructor that returns an object hands over that object. */
function constructorOf<C extends object>(client: C): new () => C {
  return function proxiedClient() {
    return client
  } as unknown as new () => C
}

/**
 * Clears Middy's cache until no refresh timer is left. A timer whose entry was replaced
 * without clearing it still fires, and refills the cache with a new timer when it does.
 */
async function stopMiddy(): Promise<void> {
  for (let round = 0; round < 20; round++) {
    clearCache()
    await sleep(CACHE_EXPIRY + 100)
    if (CACHE_KEYS.every((key) => getCache(key).expiry === undefined)) return
  }
  throw new Error("Middy's refresh timers kept refilling its cache")
}

/** Builds the Middy handler from an empty cache. Deadlines do not apply: Middy has none. */
export function middySubjectOf(harness: Harness): Subject {
  clearCache()
  harness.absorbRejections()
  const common = {
    cacheExpiry: CACHE_EXPIRY,
    setToContext: true,
    // As subjectOf's prefetch: false: the first invocation fetches.
    disablePrefetch: true,
  }
  const handler = middy()
    .use(ssm({ ...common, AwsClient: constructorOf(harness.clients.ssm), fetchData: { url: '/svc/endpoint' } }))
    .use(secretsManager({ ...common, AwsClient: constructorOf(harness.clients.secretsManager), fetchData: { key: 'svc/key' } }))
    // No leak scan of the context: setToContext puts the plain secret there by design.
    .handler(async (_event: unknown, context: Context & { url?: unknown; key?: unknown }) => context.url === ENDPOINT_VALUE && context.key === SECRET_VALUE)
  const invoke = () => invokeGuarded(harness.leaks, (event, context) => handler(event, context))
  return { library: MIDDY_LIBRARY, invoke, finish: stopMiddy }
}
