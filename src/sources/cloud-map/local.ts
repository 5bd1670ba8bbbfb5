/** The local registry's Cloud Map: its `cloudMap` section, every instance healthy. */
import { failed, fetched, type Outcome } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'
import { isObject } from '../../core/values.js'
import type { RawInstances } from './decode.js'

type LocalInstance = { id: string; attributes?: Record<string, string> }
const isLocalInstance = (value: unknown): value is LocalInstance =>
  isObject(value) &&
  typeof value.id === 'string' &&
  (value.attributes === undefined || (isObject(value.attributes) && Object.values(value.attributes).every((text) => typeof text === 'string')))

export function readInstances(cloudMap: Record<string, unknown>, reference: Reference): Outcome {
  if (!Object.hasOwn(cloudMap, reference.id)) return failed('ServiceNotFound', `no Cloud Map service ${reference.id} in the local registry`)
  const listed = cloudMap[reference.id]
  if (!Array.isArray(listed) || !listed.every(isLocalInstance)) {
    return failed('LocalRegistryInvalid', `cloudMap entry ${reference.id} of the local registry must be an array of { id, attributes } with string attributes`)
  }
  const { healthStatus, queryParameters = {} } = reference.options
  const matches = ({ attributes = {} }: LocalInstance) => Object.entries(queryParameters).every(([name, value]) => attributes[name] === value)
  // Every local instance is healthy: only UNHEALTHY finds none.
  const instances = healthStatus === 'UNHEALTHY' ? [] : listed.filter(matches).map(({ id, attributes = {} }) => ({ id, attributes }))
  return fetched<RawInstances>({ kind: 'instances', instances })
}
