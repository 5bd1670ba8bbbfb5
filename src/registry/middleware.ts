import { clientFor } from '../aws/clients.js'
import { preloadSdk } from '../aws/sdk.js'
import { cacheGeneration } from '../cache/store.js'
import { quote } from '../core/describe.js'
import { type Binding, bind, servicesOf } from './binding.js'
import { inject, injectionOf, objectWithSecrets } from './context.js'
import { Observer } from './events.js'
import { checkRegistryOptions, type RegistrySettings } from './options.js'
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
  const prefetched = settings.prefetch ? bindings.filter((binding) => binding.policy.cacheExpiry > 0) : []
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

function selectBindings(bindings: readonly Binding[], keys: readonly string[]): readonly Binding[] {
  if (keys.length === 0) return bindings
  const unknown = keys.filter((key) => !bindings.some((binding) => binding.key === key))
  if (unknown.length > 0)
    throw new TypeError(
      `refresh(): unknown key ${unknown.map((key) => quote(key)).join(', ')} (declared: ${bindings.map((binding) => binding.key).join(', ')})`,
    )
  return bindings.filter((binding) => keys.includes(binding.key))
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

  const middleware: RegistryMiddleware<F> = {
    name: 'middy-registry',
    // Not async: a warm invocation with fresh values returns synchronously.
    before(request) {
      // Test mode never sets a snapshot, so it costs the warm path nothing.
      if (testMode.stubbed && !snapshot) {
        const descriptors = testMode.stubbed(middleware, bindings, observer)
        return inject(request, injectionOf(descriptors))
      }
      const next = resolveNow(waitLimit(request.context, settings.timeoutMargin))
      if (!(next instanceof Promise)) return inject(request, next.injection)
      return next.then((resolved) => inject(request, resolved.injection))
    },
    async values() {
      const descriptors = testMode.stubbed ? testMode.stubbed(middleware, bindings, observer) : undefined
      const { plain, secretDescriptors } = descriptors ? injectionOf(descriptors) : (await resolveNow()).injection
      // Laid out as the context is: secrets inherited, so no rendering of the object shows them.
      return objectWithSecrets(plain, secretDescriptors) as RegistryValues<F>
    },
    async refresh<K extends keyof F & string>(...keys: K[]) {
      try {
        const selected = selectBindings(bindings, keys)
        const descriptors = testMode.stubbed ? testMode.stubbed(middleware, selected, observer) : await refreshBindings(selected, observer)
        // Laid out as the context is: secrets inherited, so no rendering of it shows them.
        const { plain, secretDescriptors } = injectionOf(descriptors)
        return objectWithSecrets(plain, secretDescriptors) as Pick<RegistryValues<F>, K>
      } finally {
        // Even a partial refresh changed some values: the next invocation re-reads the cache.
        snapshot = undefined
      }
    },
    stats: () => ({ ...observer.counts }),
    ready: () => prefetching,
  }
  return middleware
}
