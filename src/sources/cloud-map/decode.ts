import { type Decoded, deepFreeze } from '../../core/decode.js'
import { type FetchFailed, failed, type RawPayload } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'
import { endpointOf } from './endpoint.js'

/** A Cloud Map service's instances, frozen; or, for `cloudMap.endpoint()`, one endpoint URL. */
/** The instances of a Cloud Map service, and the revision DiscoverInstances reported with them. */
export interface RawInstances extends RawPayload {
  readonly kind: 'instances'
  readonly instances: ReadonlyArray<{ readonly id: string; readonly attributes: Readonly<Record<string, string>> }>
  /** `InstancesRevision`: it changes when an instance is registered or deregistered (not on health changes). */
  readonly revision?: number
}

export function decodeInstances(raw: RawInstances, reference: Reference): Decoded | FetchFailed {
  const instances = deepFreeze(raw.instances.map(({ id, attributes }) => ({ id, attributes: { ...attributes } })))
  if (reference.decoding !== 'endpoint') return { ok: true, value: instances, masked: false }
  const { optional, healthStatus, queryParameters, attribute } = reference.options
  const url = endpointOf(instances, reference.options)
  if (url !== undefined || optional) return { ok: true, value: url, masked: false }
  if (instances.length > 0) {
    const needed = attribute ? `the attribute ${attribute}` : 'AWS_INSTANCE_IPV4, AWS_INSTANCE_IPV6 or AWS_INSTANCE_CNAME'
    return failed('NoEndpoint', `no instance of Cloud Map service ${reference.id} has ${needed}`)
  }
  const health = healthStatus === 'ALL' ? '' : ` (health status ${healthStatus})`
  const query = queryParameters && Object.keys(queryParameters).length > 0 ? ' matching queryParameters' : ''
  return failed('NoInstances', `Cloud Map service ${reference.id} has no instance${query}${health}`)
}
