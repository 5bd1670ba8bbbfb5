import type { FreshnessPolicy } from '../cache/freshness.js'
import type { LoadRequest } from '../cache/store.js'
import type { ServiceName } from '../core/client-scope.js'
import type { Reference } from '../core/reference.js'
import { isServiceReference } from '../services/brand.js'
import type { Declaration, ServiceSettings } from '../services/service.js'
import { type RoutingSettings, routeOf } from './route.js'

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
  /** The AWS Region it is read in, when known (see Route). */
  readonly region?: string
}

/** What binding needs of a registry's settings: its map, its defaults and how it reaches its sources. */
export interface BindSettings extends RoutingSettings, ServiceSettings {
  readonly fetch: Readonly<Record<string, unknown>>
  readonly cacheExpiry: number
  readonly maxStale: number
}

/** How events and messages name a binding: `ordersUrl`, or `orders.endpoint` for a service field. */
export const labelOf = (binding: Binding) => (binding.field === undefined ? binding.key : `${binding.key}.${binding.field}`)

/** Turns a `fetch` map into the entries to fetch: each service expands through its own convention code. */
function declarationsOf(fetch: Record<string, unknown>, settings: ServiceSettings): Declaration[] {
  return Object.entries(fetch).flatMap(([key, declared]) =>
    isServiceReference(declared) ? declared.expand(key, declared, settings) : [{ key, reference: declared as Reference }],
  )
}

/**
 * Binds one entry: where it is fetched, its cache key and how long it lives. A fixed id is
 * bound once, at construction; an id computed per invocation, once per distinct id.
 */
export function bindDeclaration({ key, field, service, reference }: Declaration, settings: BindSettings): Binding {
  const route = routeOf(reference, settings)
  const request: LoadRequest = {
    fetchKey: route.fetchKey,
    reference,
    scope: route.scope,
    source: route.source,
    group: `${route.sourceName}|${route.scope.key}${route.tier ? `|${route.tier}` : ''}`,
    timeout: settings.requestTimeout,
  }
  const policy: FreshnessPolicy = {
    cacheExpiry: reference.options.cacheExpiry ?? settings.cacheExpiry,
    maxStale: reference.options.maxStale ?? settings.maxStale,
    // A default answers a missing entry as `optional` does: the absence is cached, as a value.
    optional: reference.options.optional === true || reference.options.default !== undefined,
  }
  const { role, region } = route
  return { key, field, service, reference, request, policy, source: route.sourceName, id: reference.id + reference.selector, role, region }
}

/** Binds every key of a registry's map once, at construction: the hot path only reads these. */
export function bind(settings: BindSettings): Binding[] {
  return declarationsOf(settings.fetch, settings).map((declaration) => bindDeclaration(declaration, settings))
}

/** Whether the binding's id is computed per invocation (what it holds until then is a template). */
export const isPerInvocation = (binding: Binding): boolean => binding.reference.perInvocation !== undefined

/** The AWS services (SDK clients) reading these bindings takes: a role's STS too; none for a local file. */
export function servicesOf(bindings: readonly Binding[]): Set<ServiceName> {
  const services = new Set<ServiceName>()
  for (const { source, request } of bindings) {
    if (source === 'local') continue
    if (request.scope.service) services.add(request.scope.service)
    if (request.scope.credentials) services.add('sts')
  }
  return services
}
