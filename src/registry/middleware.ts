import { clientFor } from '../aws/clients.js'
import { preloadSdk } from '../aws/sdk.js'
import { DEFAULT_MAX_ENTRIES } from '../cache/bound.js'
import { cacheEvictions, limitCacheEntries, pinCacheEntries } from '../cache/store.js'
import { quote } from '../core/describe.js'
import type { InvocationRequest } from '../core/per-invocation.js'
import { type Binding, bind, isPerInvocation, labelOf, servicesOf } from './binding.js'
import { inject, injectionOf, objectWithSecrets } from './context.js'
import { Observer } from './events.js'
import { FixedSnapshot } from './fixed-snapshot.js'
import { InvocationSnapshots } from './invocation-snapshots.js'
import { checkRegistryOptions, type RegistrySettings } from './options.js'
import { type InvocationBindings, PerInvocationBinder } from './per-invocation.js'
import { refreshBindings, resolveBindings } from './resolve.js'
import { testMode } from './test-mode.js'
import type { FetchMap, RegistryMiddleware, RegistryOptions } from './types.js'

/**
 * Starts a resolution nobody has to await, for at most `waitMs`: a throttled registry is
 * retried until then (what Lambda's init leaves), and the fetch goes on for the first
 * invocation to join. Its failures are retried by that invocation.
 */
async function resolveQuietly(bindings: readonly Binding[], observer: Observer, waitMs: number): Promise<void> {
  try {
    await resolveBindings(bindings, observer, Date.now(), waitMs)
  } catch {
    // Reported, and retried, by the first invocation that needs the value.
  }
}

/**
 * What registry() does during Lambda init. It loads the SDK clients its declarations use,
 * as a static import would (synchronously where that is sound: SDK external, as Lambda
 * provides it), so the first invocation does not. With `prefetch` it also creates the
 * clients and starts fetching, so that the round trip overlaps the rest of init; keys
 * fetched on every invocation are left out. In test mode nothing is loaded or fetched.
 */
function initialise(bindings: readonly Binding[], settings: RegistrySettings, observer: Observer): Promise<void> {
  if (testMode.stubbed) return Promise.resolve()
  for (const service of servicesOf(bindings)) preloadSdk(service)
  // A per-invocation id needs an invocation: only its SDK is loaded now.
  const prefetched = settings.prefetch ? bindings.filter((binding) => binding.policy.cacheExpiry > 0 && !isPerInvocation(binding)) : []
  // AWS clients only: a local file and a source defined with defineSource() need none.
  for (const { source, request } of prefetched) if (source !== 'local' && request.scope.service) void clientFor(request.scope).catch(() => undefined)
  return prefetched.length > 0 ? resolveQuietly(prefetched, observer, settings.prefetchWait) : Promise.resolve()
}

/** How long an invocation may wait for the registry: its remaining time less the margin; unbounded outside Lambda. */
function waitLimit(context: { getRemainingTimeInMillis?: unknown }, margin: number): number | undefined {
  if (typeof context.getRemainingTimeInMillis !== 'function') return undefined
  const remaining: unknown = context.getRemainingTimeInMillis()
  return typeof remaining === 'number' && Number.isFinite(remaining) ? remaining - margin : undefined
}

function selectBindings(caller: string, bindings: readonly Binding[], keys: readonly string[]): readonly Binding[] {
  if (keys.length === 0) return bindings
  const unknown = keys.filter((key) => !bindings.some((binding) => binding.key === key))
  if (unknown.length > 0)
    throw new TypeError(
      `${caller}: unknown key ${unknown.map((key) => quote(key)).join(', ')} (declared: ${[...new Set(bindings.map((binding) => binding.key))].join(', ')})`,
    )
  return bindings.filter((binding) => keys.includes(binding.key))
}

/** `refresh(...keys)` or `refresh(request, ...keys)`. */
function refreshArguments(args: readonly unknown[]): { request?: InvocationRequest; keys: string[] } {
  const [first, ...rest] = args
  if (typeof first === 'object' && first !== null) return { request: first as InvocationRequest, keys: rest as string[] }
  return { keys: args as string[] }
}

/** Per-invocation keys read without a request: a TypeError naming them, and how to call instead. */
function missingRequest(selected: readonly Binding[], caller: string, example: string): TypeError {
  const keys = [...new Set(selected.filter(isPerInvocation).map((binding) => quote(labelOf(binding))))]
  const verb = keys.length === 1 ? 'computes its' : 'compute their'
  return new TypeError(`${caller}: ${keys.join(', ')} ${verb} id from the invocation's request; pass it: ${example}`)
}

/** The bindings of the selected keys for a request, their ids computed; fixed keys need no request. */
function bindingsFor(
  binder: PerInvocationBinder | undefined,
  selected: readonly Binding[],
  request: InvocationRequest | undefined,
  [caller, example]: readonly [string, string],
): InvocationBindings {
  if (!binder || !selected.some(isPerInvocation)) return { bindings: selected, computed: [], failures: [], variant: '' }
  if (!request) throw missingRequest(selected, caller, example)
  return binder.bindFor(request, new Set(selected))
}

/** What the methods of one registry share. */
interface Parts {
  readonly settings: RegistrySettings
  readonly bindings: readonly Binding[]
  readonly observer: Observer
  /** Binds per-invocation ids; none in a registry of fixed ids. */
  readonly binder?: PerInvocationBinder
  /** Fixed ids: one snapshot; per-invocation ids: one per set of ids. */
  readonly snapshots: FixedSnapshot | InvocationSnapshots
  readonly evictionsAtStart: number
}

/** A registry's checked options, bindings and the way it serves them; bounds the process-wide cache. */
function partsOf(options: RegistryOptions<FetchMap>): Parts {
  const settings = checkRegistryOptions(options)
  const bindings = bind(settings)
  const observer = new Observer(settings.onEvent, settings.onChange)
  limitCacheEntries(settings.maxEntries)
  // Entries of fixed ids are never evicted: the declarations bound them.
  pinCacheEntries(bindings.filter((binding) => !isPerInvocation(binding)).map((binding) => binding.request.fetchKey))
  const limit = settings.maxEntries ?? DEFAULT_MAX_ENTRIES
  const binder = bindings.some(isPerInvocation) ? new PerInvocationBinder(bindings, settings, limit) : undefined
  const snapshots = binder ? new InvocationSnapshots(binder, observer, limit) : new FixedSnapshot(bindings, observer)
  return { settings, bindings, observer, binder, snapshots, evictionsAtStart: cacheEvictions() }
}

type Call = readonly [caller: string, example: string]
type Stubbed = (selected: readonly Binding[], request: InvocationRequest | undefined, call: Call) => PropertyDescriptorMap

/** The stubs' answer for the keys (test mode), their ids computed from the request. */
function stubsOf({ binder, observer }: Parts, middleware: () => RegistryMiddleware<FetchMap>): Stubbed {
  return (selected, request, call) => {
    const bound = bindingsFor(binder, selected, request, call)
    const answer = () => testMode.stubbed!(middleware(), bound.bindings, observer)
    return bound.failures.length > 0 ? (binder!.failWith(bound, observer, answer) as never) : answer()
  }
}

/** The middleware's before(): not async, so that a warm invocation with fresh values returns synchronously. */
function beforeOf({ bindings, settings, snapshots }: Parts, stubbed: Stubbed): RegistryMiddleware<FetchMap>['before'] {
  return (request) => {
    // Test mode never sets a snapshot, so it costs the warm path nothing.
    if (testMode.stubbed && !snapshots.holdsValues) return inject(request, injectionOf(stubbed(bindings, request, ['before()', ''])))
    const next = snapshots.serve(request as InvocationRequest, waitLimit(request.context, settings.timeoutMargin))
    if (!(next instanceof Promise)) return inject(request, next.injection)
    return next.then((resolved) => inject(request, resolved.injection))
  }
}

/** values(request?): the values outside the handler chain, laid out as the context is. */
function valuesOf({ bindings, binder, snapshots }: Parts, stubbed: Stubbed) {
  const call: Call = ['values()', 'values(request)']
  return async (request?: InvocationRequest) => {
    if (binder && !request && !testMode.stubbed) throw missingRequest(bindings, ...call)
    const injection = testMode.stubbed ? injectionOf(stubbed(bindings, request, call)) : (await snapshots.serve(request as InvocationRequest)).injection
    // Secrets inherited, so no rendering of the object shows them.
    return objectWithSecrets(injection.plain, injection.secretDescriptors)
  }
}

/** refresh(request?, ...keys): fetches now; keys whose id could not be computed fail beside the others. */
function refreshOf({ bindings, binder, observer, snapshots }: Parts, stubbed: Stubbed) {
  return async (...args: unknown[]) => {
    const { request, keys } = refreshArguments(args)
    try {
      const selected = selectBindings('refresh()', bindings, keys)
      const call: Call = ['refresh()', `refresh(request${keys.map((key) => `, ${quote(key)}`).join('')})`]
      const bound = testMode.stubbed ? undefined : bindingsFor(binder, selected, request, call)
      const refreshNow = () => refreshBindings(bound!.bindings, observer)
      const descriptors = !bound
        ? stubbed(selected, request, call)
        : bound.failures.length > 0
          ? await binder!.failWith(bound, observer, refreshNow)
          : await refreshNow()
      const { plain, secretDescriptors } = injectionOf(descriptors)
      return objectWithSecrets(plain, secretDescriptors)
    } finally {
      // Even a partial refresh changed some values: the next invocation re-reads the cache.
      snapshots.forget()
    }
  }
}

/**
 * The registry middleware: resolves the declared map before the handler runs and puts
 * each value on the context, typed. Values are batched, cached process-wide and shared
 * with every other registry that declares the same reference.
 */
export function registry<const F extends FetchMap>(options: RegistryOptions<F>): RegistryMiddleware<F> {
  // unknown first: the typed onChange parameter keeps RegistryOptions<F> from widening directly.
  const parts = partsOf(options as unknown as RegistryOptions<FetchMap>)
  const prefetching = initialise(parts.bindings, parts.settings, parts.observer)
  const stubbed = stubsOf(parts, () => middleware as unknown as RegistryMiddleware<FetchMap>)
  const middleware: RegistryMiddleware<F> = {
    name: 'middy-registry',
    before: beforeOf(parts, stubbed) as RegistryMiddleware<F>['before'],
    values: valuesOf(parts, stubbed) as RegistryMiddleware<F>['values'],
    refresh: refreshOf(parts, stubbed) as RegistryMiddleware<F>['refresh'],
    stats: () => ({ ...parts.observer.counts, evictions: cacheEvictions() - parts.evictionsAtStart }),
    ready: () => prefetching,
  }
  return middleware
}
