/**
 * The endpoint rule of `cloudMap.endpoint()`, apart from the reference constructor so that
 * decoding Cloud Map answers does not pull the Cloud Map source into every bundle.
 */
import type { ReferenceOptions } from '../../core/reference.js'

/** One registered instance: its id and the attributes it was registered with. */
export interface CloudMapInstance {
  readonly id: string
  readonly attributes: Readonly<Record<string, string>>
}

/** The URL of one instance by `cloudMap.endpoint()`'s rule, or undefined when it lacks the attributes. */
function endpointOfInstance({ attributes }: CloudMapInstance, { attribute, scheme = 'http' }: ReferenceOptions): string | undefined {
  if (attribute !== undefined) return Object.hasOwn(attributes, attribute) && attributes[attribute] !== '' ? attributes[attribute] : undefined
  const ipv6 = attributes.AWS_INSTANCE_IPV6
  const host = attributes.AWS_INSTANCE_IPV4 || (ipv6 ? `[${ipv6}]` : attributes.AWS_INSTANCE_CNAME)
  if (!host) return undefined
  const port = attributes.AWS_INSTANCE_PORT
  return `${scheme}://${host}${port ? `:${port}` : ''}`
}

/** The endpoint of the first instance that has one, by the reference's options. */
export function endpointOf(instances: readonly CloudMapInstance[], options: ReferenceOptions): string | undefined {
  for (const instance of instances) {
    const url = endpointOfInstance(instance, options)
    if (url !== undefined) return url
  }
  return undefined
}
