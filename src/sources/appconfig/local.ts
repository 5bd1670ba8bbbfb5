/**
 * The local registry's AppConfig: its `appConfig` section, `"application/environment/profile"`
 * → the configuration. A string is text (as a `text/plain` profile); anything else is data
 * (as JSON, or YAML in a YAML registry file), feature flags in AppConfig's retrieval format
 * `{ "flag": { "enabled": true, …attributes } }`.
 */
import { deepFreeze } from '../../core/decode.js'
import { failed, type Outcome } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'
import { isObject } from '../../core/values.js'
import { configurationOf } from './decode.js'

export function readConfiguration(section: unknown, reference: Reference): Outcome {
  if (section !== undefined && !isObject(section)) {
    return failed(
      'LocalRegistryInvalid',
      'the "appConfig" section of the local registry must be an object of "application/environment/profile" to configurations',
    )
  }
  if (section === undefined || !Object.hasOwn(section, reference.id)) {
    return failed('ResourceNotFoundException', `no AppConfig configuration ${reference.id} in the local registry`)
  }
  const value = section[reference.id]
  // The file is read anew at each fetch: its data can be frozen as it is.
  return configurationOf(typeof value === 'string' ? { text: value } : { data: deepFreeze(value) }, reference)
}
