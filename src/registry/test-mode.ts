/**
 * Test mode, as the core sees it: off until `middy-registry/testing` is imported, which
 * hands over how a registry answers from stubs. The stubs themselves live in testing/,
 * so a function's bundle holds none of them.
 */
import type { Binding } from './binding.js'
import type { Observer } from './events.js'

/** Answers a registry's keys from stubs: their properties, or a RegistryError as production would throw. */
export type StubbedAnswer = (registry: object, bindings: readonly Binding[], observer: Observer) => PropertyDescriptorMap

export const testMode: { stubbed?: StubbedAnswer } = {}
