import type { Binding } from './binding.js'

/**
 * The context property of a key whose entry does not exist, for a reference that allows
 * it: its `default`, masked as the entry's value would be when the reference is a secret,
 * or `undefined` for an `optional` one.
 */
export function absentProperty(binding: Binding): PropertyDescriptor {
  const fallback = binding.reference.options.default
  const masked = fallback !== undefined && binding.reference.secret
  return { value: fallback, enumerable: !masked, configurable: true, writable: true }
}
