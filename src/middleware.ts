import { cacheGeneration } from './cache.js'
import { inject } from './context.js'
import { checkRegistryOptions, type RegistrySettings } from './options.js'
import { resolveBindings, type Binding, type Snapshot } from './resolve.js'
import { routeOf } from './sources/route.js'
import type { FetchMap, RegistryMiddleware, RegistryOptions } from './types.js'

function bind(settings: RegistrySettings): Binding[] {
  return Object.entries(settings.fetch).map(([key, reference]) => {
    const route = routeOf(reference, settings)
    const request = { fetchKey: route.fetchKey, reference, scope: route.scope, source: route.source, group: `${route.sourceName}|${route.scope.key}` }
    return { key, reference, route, request, cacheExpiry: reference.options.cacheExpiry ?? settings.cacheExpiry }
  })
}

/**
 * The registry middleware: resolves the declared map before the handler runs and puts
 * each value on the context, typed. Values are batched, cached process-wide and shared
 * with every other registry that declares the same reference.
 */
export function registry<const F extends FetchMap>(options: RegistryOptions<F>): RegistryMiddleware<F> {
  const settings = checkRegistryOptions(options)
  const bindings = bind(settings)
  let snapshot: Snapshot | undefined

  const resolveAndInject = async (request: Parameters<RegistryMiddleware<F>['before']>[0], now: number) => {
    const next = await resolveBindings(bindings, now)
    snapshot = next
    inject(request, next)
  }

  if (settings.prefetch) {
    // Overlaps the registry's round trip with the rest of Lambda init. Keys fetched on
    // every invocation are left out; a prefetch failure is retried by the first invocation.
    const prefetched = bindings.filter((binding) => binding.cacheExpiry > 0)
    if (prefetched.length > 0) resolveBindings(prefetched).catch(() => undefined)
  }

  return {
    name: 'middy-registry',
    // Not async: a warm invocation with fresh values returns synchronously.
    before(request) {
      const now = Date.now()
      const current = snapshot
      if (current && now < current.freshUntil && current.generation === cacheGeneration()) {
        inject(request, current)
        return undefined
      }
      return resolveAndInject(request, now)
    },
  }
}
