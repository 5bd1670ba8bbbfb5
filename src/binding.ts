import type { LoadRequest } from './cache.js'
import type { FreshnessPolicy } from './freshness.js'
import type { RegistrySettings } from './options.js'
import type { Declaration, ServiceSettings } from './references/expand.js'
import type { Reference } from './references/reference.js'
import { isServiceReference } from './references/service-brand.js'
import type { ServiceName } from './sources/clients.js'
import { routeOf } from './sources/route.js'

/** One entry of a registry (a context key, or one field of a service), bound to its reference, where it is fetched and how long it lives. */
export interface Binding {
  readonly key: string
  /** For a service's entries: the field on the service's object, and the service's name. */
  readonly field?: string
  readonly service?: string
  readonly reference: Reference
  readonly request: LoadRequest
  readonly policy: FreshnessPolicy
  /** How errors and events name the entry: source label and id with selector. */
  readonly source: string
  readonly id: string
  /** The role ARN the entry is read through, if any. */
  readonly role?: string
}

/** Turns a `fetch` map into the entries to fetch: each service expands through its own convention code. */
function declarationsOf(fetch: Record<string, unknown>, settings: ServiceSettings): Declaration[] {
  return Object.entries(fetch).flatMap(([key, declared]) =>
    isServiceReference(declared) ? declared.expand(key, declared, settings) : [{ key, reference: declared as Reference }],
  )
}

/** Binds every key of a registry's map once, at construction: the hot path only reads these. */
export function bind(settings: RegistrySettings): Binding[] {
  return declarationsOf(settings.fetch, settings).map(({ key, field, service, reference }) => {
    const route = routeOf(reference, settings)
    const request: LoadRequest = {
      fetchKey: route.fetchKey,
      reference,
      scope: route.scope,
      source: route.source,
      group: `${route.sourceName}|${route.scope.key}`,
      timeout: settings.requestTimeout,
    }
    const policy: FreshnessPolicy = {
      cacheExpiry: reference.options.cacheExpiry ?? settings.cacheExpiry,
      maxStale: reference.options.maxStale ?? settings.maxStale,
      optional: reference.options.optional === true,
    }
    return { key, field, service, reference, request, policy, source: route.sourceName, id: reference.id + reference.selector, role: route.role }
  })
}

/** The AWS services (SDK clients) reading these bindings takes: a role's STS too; none for a local file. */
export function servicesOf(bindings: readonly Binding[]): Set<ServiceName> {
  const services = new Set<ServiceName>()
  for (const { source, request } of bindings) {
    if (source === 'local') continue
    services.add(request.scope.service)
    if (request.scope.credentials) services.add('sts')
  }
  return services
}
