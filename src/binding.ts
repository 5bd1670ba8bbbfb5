import type { LoadRequest } from './cache.js'
import type { FreshnessPolicy } from './freshness.js'
import type { RegistrySettings } from './options.js'
import type { Reference } from './references/reference.js'
import { routeOf } from './sources/route.js'

/** One declared context key, bound to its reference, where it is fetched and how long it lives. */
export interface Binding {
  readonly key: string
  readonly reference: Reference
  readonly request: LoadRequest
  readonly policy: FreshnessPolicy
  /** How errors and events name the entry: source label and id with selector. */
  readonly source: string
  readonly id: string
  /** The role ARN the entry is read through, if any. */
  readonly role?: string
}

/** Binds every key of a registry's map once, at construction: the hot path only reads these. */
export function bind(settings: RegistrySettings): Binding[] {
  return Object.entries(settings.fetch).map(([key, reference]) => {
    const route = routeOf(reference, settings)
    const request: LoadRequest = {
      fetchKey: route.fetchKey,
      reference,
      scope: route.scope,
      source: route.source,
      group: `${route.sourceName}|${route.scope.key}`,
    }
    const policy: FreshnessPolicy = {
      cacheExpiry: reference.options.cacheExpiry ?? settings.cacheExpiry,
      maxStale: reference.options.maxStale ?? settings.maxStale,
      optional: reference.options.optional === true,
    }
    return { key, reference, request, policy, source: route.sourceName, id: reference.id + reference.selector, role: route.role }
  })
}
