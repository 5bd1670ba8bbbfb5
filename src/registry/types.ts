import type { MiddlewareObj } from '@middy/core'
import type { Context } from 'aws-lambda'
import type { RegistryClients } from '../core/client-scope.js'
import type { InvocationRequest } from '../core/per-invocation.js'
import type { Declared, ValueOf } from '../core/reference.js'
import type { AssumeRoleOptions } from '../core/role.js'
import type { ServiceConvention, ServiceReference } from '../services/service.js'
import type { RegistryChange } from './changes.js'
import type { RegistryEvent, RegistryStats } from './events.js'
import type { SnapshotOption } from './snapshot-location.js'

/** The declared map: context key → reference or service. */
export type FetchMap = Record<string, Declared<unknown>>

/** The values a map resolves to, key by key: `{ ordersUrl: string, db: { user: string } }`. */
export type RegistryValues<F extends FetchMap> = { -readonly [K in keyof F]: ValueOf<F[K]> }

/**
 * A change as `onChange` receives it for a map: `value()` typed by its key; a service's
 * change names the field that changed, whose value is typed `unknown`.
 */
export type RegistryChangeOf<F extends FetchMap> = {
  [K in keyof F & string]: F[K] extends ServiceReference ? RegistryChange<K> : RegistryChange<K, ValueOf<F[K]>>
}[keyof F & string]

/** The Lambda context as the handler sees it behind `registry()`. */
export type RegistryContext<F extends FetchMap> = Context & RegistryValues<F>

export interface RegistryOptions<F extends FetchMap> {
  /** Context key → reference (`ssm()`, `ssm.list()`, `ssm.json()`, `ssm.path()`, `secret()`, `secret.json()`, `secret.binary()`, `dynamo()`, `dynamo.json()`, …) or `service()`. */
  fetch: F
  /**
   * Milliseconds a fetched value is served from cache: `Infinity` for the life of the environment, `0` to fetch on every invocation. Default 5 minutes.
   * @defaultValue `300000` (5 minutes, `DEFAULT_CACHE_EXPIRY`)
   */
  cacheExpiry?: number
  /**
   * Milliseconds past expiry that the last good value may still be served: while a
   * background refresh runs, and through a registry outage. Only a value older than
   * `cacheExpiry + maxStale` makes an invocation wait (or fail). Default 1 hour.
   * @defaultValue `3600000` (1 hour, `DEFAULT_MAX_STALE`)
   */
  maxStale?: number
  /**
   * Start fetching when `registry()` is called, i.e. during Lambda init (default `true`).
   * @defaultValue `true`
   */
  prefetch?: boolean
  /**
   * Milliseconds the prefetch may take, retrying a throttled registry (keys with nothing
   * cached) with jittered backoff, before `ready()` resolves; the fetch then goes on, and
   * the first invocation joins it with its own remaining time. Default 8 seconds: Lambda
   * ends an init that passes 10.
   * @defaultValue `8000` (`DEFAULT_PREFETCH_WAIT`)
   */
  prefetchWait?: number
  /**
   * Milliseconds any fetch may take, the SDK's retries included, before its requests are
   * aborted and its keys fail with `Timeout` (a background refresh then backs off). Default 3 seconds.
   * @defaultValue `3000` (`DEFAULT_REQUEST_TIMEOUT`)
   */
  requestTimeout?: number
  /**
   * Milliseconds an invocation keeps for itself when it must wait for the registry: the
   * wait ends at `context.getRemainingTimeInMillis()` minus this margin, with a
   * `RegistryError` (code `Timeout`) instead of a Lambda timeout. Default 500.
   * @defaultValue `500` (`DEFAULT_TIMEOUT_MARGIN`)
   */
  timeoutMargin?: number
  /**
   * Receives hit, miss, refresh, stale-served and error events (never a value), for logs and metrics.
   * @defaultValue none
   */
  onEvent?: (event: RegistryEvent) => void
  /**
   * Called when a key's value changes (not on its first load, nor on a refresh that finds it
   * unchanged), once per change, after the cache holds the new value and without delaying
   * the invocation: e.g. to rebuild a database pool when its credentials rotate. The change
   * names the key, source and id; its value is read with `change.value()`, which logging or
   * serialising the change never shows. A callback that throws or rejects is reported as an
   * `error` event with code `OnChangeFailed`, never thrown.
   * @defaultValue none
   */
  // A method, so that its parameter stays bivariant and a registry's options still widen to RegistryOptions<FetchMap>.
  onChange?(change: RegistryChangeOf<F>): void | Promise<void>
  /**
   * Options for every AWS SDK client the middleware creates (region, retries, endpoint, credentials…).
   * @defaultValue none: the SDK's defaults (Region and credentials from the Lambda environment)
   */
  awsClientOptions?: Record<string, unknown>
  /**
   * Your own SDK v3 clients, used as they are (no Region routing for ARNs, not for references read through a role).
   * @defaultValue none: one client per service and configuration, created by the middleware
   */
  clients?: RegistryClients
  /**
   * Read every reference through this role (STS AssumeRole), e.g. a registry in a central
   * account; a reference's own `assumeRole` wins. Credentials are cached per role and
   * renewed in the background before they expire. Needs `@aws-sdk/client-sts`.
   * @defaultValue none: the function's own role
   */
  assumeRole?: AssumeRoleOptions
  /**
   * The stage `service()` references read (e.g. `prod`); default: `MIDDY_REGISTRY_STAGE`.
   * @defaultValue `MIDDY_REGISTRY_STAGE`
   */
  stage?: string
  /**
   * Where `service()` finds a service's entries: `{service}`/`{stage}` templates for `endpoint`
   * and `apiKey`; or `{ table }`, a DynamoDB table with one item per service and stage.
   * @defaultValue `{ endpoint: '/{service}/{stage}/endpoint', apiKey: '{service}/{stage}/api-key' }` (`DEFAULT_CONVENTION`)
   */
  convention?: ServiceConvention
  /**
   * Path of a local registry file (JSON) to read instead of AWS, for offline development
   * and tests. Defaults to the file named by `MIDDY_REGISTRY_LOCAL`; `false` ignores it.
   * @defaultValue the file `MIDDY_REGISTRY_LOCAL` names; none when it is unset
   */
  local?: string | false
  /**
   * The most entries the process-wide cache keeps (default 1000, `DEFAULT_MAX_ENTRIES`):
   * past it, the least recently used entries of per-invocation ids are evicted, so that a
   * fan-out of tenants cannot grow memory without limit. Entries of fixed ids are never
   * evicted. The cache is shared: the smallest `maxEntries` any registry sets holds for all.
   * @defaultValue `1000` (`DEFAULT_MAX_ENTRIES`)
   */
  maxEntries?: number
  /**
   * A snapshot of the stage's non-secret parameters in S3 (`s3://bucket/key` or `{ bucket, key }`),
   * written by `middy-registry publish`/`apply --snapshot` and the snapshot keeper: SSM
   * references are served from it in one GetObject (revalidated by its ETag), and read from
   * Parameter Store when it lacks them or cannot be read (docs/snapshot.md).
   * @defaultValue none: every reference is read from its source
   */
  snapshot?: SnapshotOption
}

/** The middleware `registry()` returns: use it with `middy().use(...)`. */
// biome-ignore lint/suspicious/noExplicitAny: a handler's response is any to Middy's own MiddlewareObj, and must stay so here.
export interface RegistryMiddleware<F extends FetchMap> extends MiddlewareObj<unknown, any, Error, RegistryContext<F>, RegistryValues<F>> {
  readonly name: 'middy-registry'
  // biome-ignore lint/suspicious/noExplicitAny: as above, Middy's own type for a handler's response.
  before: NonNullable<MiddlewareObj<unknown, any, Error, RegistryContext<F>, RegistryValues<F>>['before']>
  /**
   * Fetches the given keys now (all keys when none are given), whatever their freshness,
   * and resolves to their new values (secrets non-enumerable, as on the context);
   * concurrent calls share one request per value. For the remote service that answers 401
   * after a key rotation. Rejects with a RegistryError if a key fails (its last good value
   * stays cached). A key whose id is computed per invocation needs the invocation's
   * request: `refresh(request, 'tenantKey')`; without it, refresh() rejects with a TypeError.
   */
  refresh<K extends keyof F & string>(...keys: K[]): Promise<Pick<RegistryValues<F>, K>>
  refresh<K extends keyof F & string>(request: InvocationRequest, ...keys: K[]): Promise<Pick<RegistryValues<F>, K>>
  /**
   * The declared values, typed as on the context, through the same cache, for code outside
   * the handler chain: module init, scripts, handlers that do not use Middy. Secrets are
   * non-enumerable, as on the context. Rejects with a RegistryError as an invocation would
   * fail; waits at most `requestTimeout` per fetch (there is no invocation deadline). A
   * registry with keys whose id is computed per invocation needs the request to compute
   * them from (`values({ event, context })`); without it, values() rejects with a TypeError.
   */
  values(request?: InvocationRequest): Promise<RegistryValues<F>>
  /** Counts of hits, misses, refreshes, revalidations, stale-served values, errors and the cache's evictions since creation. */
  stats(): RegistryStats
  /**
   * Resolves when the prefetch has finished, whether it fetched every value or not (a
   * failure is retried, and reported, by the first invocation); never rejects. Awaited at the
   * top level of the handler module (`await orders.ready()`), it keeps Lambda's init phase
   * open until the SDK is loaded and the values are cached, so the first invocation waits
   * for nothing. A throttled prefetch retries for up to `prefetchWait` (8 s) first: Lambda's
   * init time spent waiting for the quota, not the invocation's.
   */
  ready(): Promise<void>
}
