import { type FetchFailed, isAbsent } from '../core/outcome.js'
import type { Binding } from './binding.js'
import { objectWithSecrets } from './context.js'
import { RegistryError, type RegistryFailure } from './errors.js'

/**
 * Collects the context properties of a registry's bindings: a plain key's value as it is,
 * a service's fields gathered into one frozen object that inherits its secret fields, as
 * the context inherits secrets.
 */
export class PropertyMap {
  readonly descriptors: PropertyDescriptorMap = {}
  private readonly services = new Map<string, { plain: Record<string, unknown>; secrets: PropertyDescriptorMap }>()

  add(binding: Binding, property: PropertyDescriptor): void {
    if (binding.field === undefined) {
      this.descriptors[binding.key] = property
      return
    }
    let fields = this.services.get(binding.key)
    if (!fields) this.services.set(binding.key, (fields = { plain: {}, secrets: {} }))
    if (property.enumerable) fields.plain[binding.field] = property.value
    else fields.secrets[binding.field] = { value: property.value, enumerable: false }
  }

  /** The finished map; service objects are frozen, as every cached value is. */
  done(): PropertyDescriptorMap {
    for (const [key, { plain, secrets }] of this.services) {
      this.descriptors[key] = { value: Object.freeze(objectWithSecrets(plain, secrets)), enumerable: true, configurable: true, writable: true }
    }
    return this.descriptors
  }
}

/** A binding's failure as RegistryError reports it: key, field, source, id, role; never a value. */
export function failureOf(binding: Binding, { code, message, detail }: Pick<FetchFailed, 'code' | 'message' | 'detail'>): RegistryFailure {
  const { key, field, service, source, id, role } = binding
  return {
    key,
    ...(field === undefined ? {} : { field, service }),
    source: source as RegistryFailure['source'],
    id,
    code,
    message,
    ...(detail === undefined ? {} : { detail }),
    ...(role ? { role } : {}),
  }
}

/**
 * A failed read as RegistryError reports it: failureOf(), with the Region read in when it
 * is known, and named in the message when the entry was not found there, the usual cause
 * being a function reading another Region than the one the entry was written in.
 */
export function readFailureOf(binding: Binding, outcome: Pick<FetchFailed, 'code' | 'message' | 'detail'>): RegistryFailure {
  const failure = failureOf(binding, outcome)
  const { region } = binding
  if (region === undefined) return failure
  // An attribute missing from an item that was found says nothing of where it was looked for.
  const searched = isAbsent(outcome.code)
  return { ...failure, ...(searched ? { message: `${failure.message} (searched in ${region})` } : {}), region }
}

const isFailure = (value: PropertyDescriptor | RegistryFailure): value is RegistryFailure => 'code' in value

/**
 * Settles every binding into its context property; throws one RegistryError naming every
 * binding that failed.
 */
export function collectProperties(
  bindings: readonly Binding[],
  settle: (binding: Binding, index: number) => PropertyDescriptor | RegistryFailure,
): PropertyDescriptorMap {
  const properties = new PropertyMap()
  const failures: RegistryFailure[] = []
  bindings.forEach((binding, index) => {
    const settled = settle(binding, index)
    if (isFailure(settled)) failures.push(settled)
    else properties.add(binding, settled)
  })
  if (failures.length > 0) throw new RegistryError(failures)
  return properties.done()
}
