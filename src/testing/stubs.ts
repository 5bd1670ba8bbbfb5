/**
 * Test mode: registries answer from values a unit test supplied, never from AWS. It is
 * switched on by importing `middy-registry/testing`; production code never enters it.
 * Stubs go through the same bindings, masking and RegistryError as real values, so a
 * handler's tests exercise the handler exactly as it runs.
 */

import { NOT_FOUND_CODES } from '../core/outcome.js'
import type { Reference } from '../core/reference.js'
import { absentProperty } from '../registry/absent.js'
import { collectProperties, failureOf } from '../registry/assemble.js'
import type { Binding } from '../registry/binding.js'
import type { Observer } from '../registry/events.js'

/** A stubbed failure: the entry is missing, or reading it fails with an AWS error code. */
export interface StubbedFailure {
  readonly stubbedFailure: true
  /** AWS's error code; for a missing entry, left to the source (see `notFoundCode`). */
  readonly code?: string
  readonly message: string
}

/** How the reference's source says "no such entry". */
const notFoundCode = (reference: Reference) => reference.notFound

export type StubValue = unknown

/** What test mode knows: values per registry and key, and per reference. */
export const stubState = {
  byRegistry: new WeakMap<object, Map<string, StubValue>>(),
  byReference: new Map<string, StubValue>(),
}

/** A reference's identity for stubs: source, id and selector (read options ignored); for an item, the attribute too. */
export const stubKeyOf = (reference: Reference) =>
  `${reference.source}|${reference.id}${reference.selector}${reference.kind === 'item' ? `|${reference.options.attribute}` : ''}`

export const isStubbedFailure = (value: unknown): value is StubbedFailure =>
  typeof value === 'object' && value !== null && (value as StubbedFailure).stubbedFailure === true

function stubFor(registry: object, binding: Binding): { found: boolean; value?: StubValue } {
  const byKey = stubState.byRegistry.get(registry)
  if (byKey?.has(binding.key)) {
    // A service is stubbed as a whole object; each of its fields takes its part.
    const value = byKey.get(binding.key)
    if (binding.field === undefined || isStubbedFailure(value)) return { found: true, value }
    const fields = (value ?? {}) as Record<string, unknown>
    return Object.hasOwn(fields, binding.field) ? { found: true, value: fields[binding.field] } : { found: false }
  }
  const referenceKey = stubKeyOf(binding.reference)
  if (stubState.byReference.has(referenceKey)) return { found: true, value: stubState.byReference.get(referenceKey) }
  return { found: false }
}

/** The stubbed properties of a registry's keys, or a RegistryError as production would throw. */
export function stubbedProperties(registry: object, bindings: readonly Binding[], observer: Observer): PropertyDescriptorMap {
  return collectProperties(bindings, (binding) => {
    const { found, value } = stubFor(registry, binding)
    if (!found)
      return failureOf(binding, {
        code: 'NotStubbed',
        message: 'no test value for this key; give one with stubRegistry() or stubReference() from middy-registry/testing',
      })
    if (isStubbedFailure(value)) {
      const code = value.code ?? notFoundCode(binding.reference)
      if (!(binding.policy.optional && NOT_FOUND_CODES.has(code))) return failureOf(binding, { code, message: value.message })
    }
    observer.emit('hit', binding, 0)
    // A stubbed missing() entry answers as production's: undefined, or the reference's default.
    if (isStubbedFailure(value)) return absentProperty(binding)
    return { value, enumerable: !binding.reference.secret, configurable: true, writable: true }
  })
}
