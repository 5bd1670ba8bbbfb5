/**
 * Test mode: registries answer from values a unit test supplied, never from AWS. It is
 * switched on by importing `middy-registry/testing`; production code never enters it.
 * Stubs go through the same bindings, masking and RegistryError as real values, so a
 * handler's tests exercise the handler exactly as it runs.
 */
import type { Binding } from './binding.js'
import { RegistryError, type RegistryFailure } from './errors.js'
import type { Observer } from './events.js'
import { NOT_FOUND_CODES } from './sources/outcome.js'
import type { Reference } from './references/reference.js'

/** A stubbed failure: the entry is missing, or reading it fails with an AWS error code. */
export interface StubbedFailure {
  readonly stubbedFailure: true
  /** AWS's error code; for a missing entry, left to the source (see `notFoundCode`). */
  readonly code?: string
  readonly message: string
}

/** How each source says "no such entry". */
const notFoundCode = (reference: Reference) => (reference.source === 'ssm' ? 'ParameterNotFound' : 'ResourceNotFoundException')

export type StubValue = unknown

/** What test mode knows: values per registry and key, and per reference. */
export const stubState = {
  active: false,
  byRegistry: new WeakMap<object, Map<string, StubValue>>(),
  byReference: new Map<string, StubValue>(),
}

/** A reference's identity for stubs: source, id and selector (read options ignored). */
export const stubKeyOf = (reference: Reference) => `${reference.source}|${reference.id}${reference.selector}`

export const isStubbedFailure = (value: unknown): value is StubbedFailure =>
  typeof value === 'object' && value !== null && (value as StubbedFailure).stubbedFailure === true

function stubFor(registry: object, binding: Binding): { found: boolean; value?: StubValue } {
  const byKey = stubState.byRegistry.get(registry)
  if (byKey?.has(binding.key)) return { found: true, value: byKey.get(binding.key) }
  const referenceKey = stubKeyOf(binding.reference)
  if (stubState.byReference.has(referenceKey)) return { found: true, value: stubState.byReference.get(referenceKey) }
  return { found: false }
}

function failureOf({ key, source, id }: Binding, code: string, message: string): RegistryFailure {
  return { key, source: source as RegistryFailure['source'], id, code, message }
}

/** The stubbed properties of a registry's keys, or a RegistryError as production would throw. */
export function stubbedProperties(registry: object, bindings: readonly Binding[], observer: Observer): PropertyDescriptorMap {
  const descriptors: PropertyDescriptorMap = {}
  const failures: RegistryFailure[] = []
  for (const binding of bindings) {
    const { found, value } = stubFor(registry, binding)
    if (!found) {
      failures.push(failureOf(binding, 'NotStubbed', `no test value for this key; give one with stubRegistry() or stubReference() from middy-registry/testing`))
    } else if (isStubbedFailure(value) && !(binding.policy.optional && NOT_FOUND_CODES.has(value.code ?? notFoundCode(binding.reference)))) {
      failures.push(failureOf(binding, value.code ?? notFoundCode(binding.reference), value.message))
    } else {
      const resolved = isStubbedFailure(value) ? undefined : value
      descriptors[binding.key] = { value: resolved, enumerable: !binding.reference.secret, configurable: true, writable: true }
      observer.emit('hit', binding, 0)
    }
  }
  if (failures.length > 0) throw new RegistryError(failures)
  return descriptors
}
