import { clientFor } from '../aws/clients.js'
import { preloadSdk } from '../aws/sdk.js'
import { cacheEvictions, cacheGeneration, DEFAULT_MAX_ENTRIES, limitCacheEntries, pinCacheEntries } from '../cache/store.js'
import { quote } from '../core/describe.js'
import type { InvocationRequest } from '../core/per-invocation.js'
import { type Binding, bind, isPerInvocation, labelOf, servicesOf } from './binding.js'
import { inject, injectionOf, objectWithSecrets } from './context.js'
import { Observer } from './events.js'
import { InvocationSnapshots } from './invocation-snapshots.js'
import { checkRegistryOptions, type RegistrySettings } from './options.js'
import { type InvocationBindings, PerInvocationBinder } from './per-invocation.js'
import { refreshBindings, resolveBindings, type Snapshot } from './resolve.js'
import { testMode } from './test-mode.js'
import type { FetchMap, RegistryMiddleware, RegistryOptions, RegistryValues } from './types.js'

/** Starts a resolution nobody has to await: its failures are retried by the next invocation. */
async function resolveQuietly(bindings: readonly Binding[], observer: Observer): Promise<void> {
  try {
    await resolveBindings(bindings, observer)
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
  return prefetched.length > 0 ? resolveQuietly(prefetched, observer) : Promise.resolve()
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

/**
 * The registry middleware: resolves the declared map before the handler runs and puts
 * each value on the context, typed. Values are batched, cached process-wide and shared
 * with every other registry that declares the same reference.
 */
export function registry<const F extends FetchMap>(options: RegistryOptions<F>): RegistryMiddleware<F> {
  const settings = checkRegistryOptions(options)
  const bindings = bind(settings)
  const observer = new Observer(settings.onEvent)
  limitCacheEntries(settings.maxEntries)
  // Entries of fixed ids are never evicted: the declarations bound them.
  pinCacheEntries(bindings.filter((binding) => !isPerInvocation(binding)).map((binding) => binding.request.fetchKey))
  const evictionsAtStart = cacheEvictions()
  const limit = settings.maxEntries ?? DEFAULT_MAX_ENTRIES
  const binder = bindings.some(isPerInvocation) ? new PerInvocationBinder(bindings, settings, limit) : undefined
  const perInvocation = binder && new InvocationSnapshots(binder, observer, limit)
  let snapshot: Snapshot | undefined

  const prefetching = initialise(bindings, settings, observer)

  /** The values of the last resolution, or of a new one: shared by invocations and values(). */
  const resolveNow = (limit?: number): Snapshot | Promise<Snapshot> => {
    const now = Date.now()
    const current = snapshot
    if (current && now < current.freshUntil && current.generation === cacheGeneration()) {
      observer.hits(bindings)
      return current
    }
    const next = resolveBindings(bindings, observer, now, limit)
    if (!(next instanceof Promise)) return (snapshot = next)
    return next.then((resolved) => (snapshot = resolved))
  }

  /** The stubs' answer for the keys (test mode), their ids computed from the request. */
  const stubbed = (selected: readonly Binding[], request: InvocationRequest | undefined, call: readonly [string, string]): PropertyDescriptorMap => {
    const bound = bindingsFor(binder, selected, request, call)
    const answer = () => testMode.stubbed!(middleware, bound.bindings, observer)
    return bound.failures.length > 0 ? (binder!.failWith(bound, observer, answer) as never) : answer()
  }

  /** What values() reads: the registry's snapshot, or the request's. */
  const valuesFor = (request: InvocationRequest | undefined): Snapshot | Promise<Snapshot> => {
    if (!perInvocation) return resolveNow()
    if (!request) throw missingRequest(bindings, 'values()', 'values(request)')
    return perInvocation.serve(request)
  }

  /** Fetches the keys now; those whose id could not be computed fail beside the others. */
  const refreshFor = (bound: InvocationBindings): Promise<PropertyDescriptorMap> =>
    bound.failures.length > 0 ? binder!.failWith(bound, observer, () => refreshBindings(bound.bindings, observer)) : refreshBindings(bound.bindings, observer)

  type Before = RegistryMiddleware<F>['before']
  // Not async: a warm invocation with fresh values returns synchronously.
  const beforeFixed: Before = (request) => {
    // Test mode never sets a snapshot, so it costs the warm path nothing.
    if (testMode.stubbed && !snapshot) return inject(request, injectionOf(stubbed(bindings, request, ['before()', ''])))
    const next = resolveNow(waitLimit(request.context, settings.timeoutMargin))
    if (!(next instanceof Promise)) return inject(request, next.injection)
    return next.then((resolved) => inject(request, resolved.injection))
  }
  const beforePerInvocation: Before = (request) => {
    if (testMode.stubbed) return inject(request, injectionOf(stubbed(bindings, request, ['before()', ''])))
    const next = perInvocation!.serve(request, waitLimit(request.context, settings.timeoutMargin))
    if (!(next instanceof Promise)) return inject(request, next.injection)
    return next.then((resolved) => inject(request, resolved.injection))
  }

  const middleware: RegistryMiddleware<F> = {
    name: 'middy-registry',
    // Chosen once: a registry of fixed ids runs no per-invocation code, not even a test for it.
    before: perInvocation ? beforePerInvocation : beforeFixed,
    async values(request?: InvocationRequest) {
      const injection = testMode.stubbed ? injectionOf(stubbed(bindings, request, ['values()', 'values(request)'])) : (await valuesFor(request)).injection
      // Laid out as the context is: secrets inherited, so no rendering of the object shows them.
      return objectWithSecrets(injection.plain, injection.secretDescriptors) as RegistryValues<F>
    },
    refresh: (async (...args: unknown[]) => {
      const { request, keys } = refreshArguments(args)
      try {
        const selected = selectBindings('refresh()', bindings, keys)
        const call = ['refresh()', `refresh(request${keys.map((key) => `, ${quote(key)}`).join('')})`] as const
        const descriptors = testMode.stubbed ? stubbed(selected, request, call) : await refreshFor(bindingsFor(binder, selected, request, call))
        // Laid out as the context is: secrets inherited, so no rendering of it shows them.
        const { plain, secretDescriptors } = injectionOf(descriptors)
        return objectWithSecrets(plain, secretDescriptors)
      } finally {
        // Even a partial refresh changed some values: the next invocation re-reads the cache.
        snapshot = undefined
        perInvocation?.forget()
      }
    }) as RegistryMiddleware<F>['refresh'],
    stats: () => ({ ...observer.counts, evictions: cacheEvictions() - evictionsAtStart }),
    ready: () => prefetching,
  }

  return middleware
}
