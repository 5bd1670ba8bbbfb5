/**
 * A reference's `default`: the value its key resolves to when the entry does not exist.
 * It answers "not found" only, never an access or network error, and it is checked at
 * declaration against what the reference decodes to, so that a typo fails the cold start.
 */
import { deepFreeze } from './decode.js'
import { InputError } from './problem.js'
import type { Decoding, OptionCheck, ReferenceOptions } from './reference.js'

/** `optional: true`: `undefined` when the entry does not exist; it excludes a `default`. */
export type OptionalOption = { optional: true; default?: undefined }

/**
 * A `default` of the value's own type, used when the entry does not exist (the value type
 * then keeps no `undefined`); it excludes `optional: true`.
 */
export type DefaultOption<T> = { optional?: false; default?: T } | { default?: undefined }

/** Accepted by validateOptions(); checkDefault() checks it against the decoding. */
export const DEFAULT_OPTION: OptionCheck = { check: () => true, expected: 'a value' }

const isStringList = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string')

/** What a default must be for each decoding that offers one, and a copy nobody can change. */
const DEFAULTS: Readonly<Record<string, { expected: string; check: (value: unknown) => boolean; copy: (value: unknown) => unknown }>> = {
  string: { expected: 'a string', check: (value) => typeof value === 'string', copy: (value) => value },
  list: { expected: 'an array of strings', check: isStringList, copy: (value) => Object.freeze([...(value as string[])]) },
  binary: { expected: 'a Uint8Array', check: (value) => value instanceof Uint8Array, copy: (value) => new Uint8Array(value as Uint8Array) },
  // Copied, then frozen as a parsed value is: a handler that mutates it cannot leak into the next invocation.
  json: { expected: 'a value structuredClone() can copy', check: isCloneable, copy: (value) => deepFreeze(structuredClone(value)) },
}

function isCloneable(value: unknown): boolean {
  try {
    structuredClone(value)
    return true
  } catch {
    return false
  }
}

// What a value is, never what it holds: a default may be a secret.
const kindOf = (value: unknown) =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? `an object (${value.constructor?.name ?? 'no prototype'})`
        : `a ${typeof value}`

/**
 * Checks a reference's `default` (the option's value is never quoted: it may be a secret)
 * and replaces it with a frozen copy; options without one are returned as they are.
 */
export function checkDefault(caller: string, options: ReferenceOptions, decoding: Decoding): ReferenceOptions {
  const fallback = options.default
  if (fallback === undefined) return options
  if (options.optional === true) throw new InputError(caller, 'options "optional" and "default" cannot be combined: a default already answers a missing entry')
  const rule = DEFAULTS[decoding]
  if (!rule) throw new InputError(caller, `option "default" is not available for this reference`)
  if (!rule.check(fallback)) throw new InputError(caller, `option "default" must be ${rule.expected}, got ${kindOf(fallback)}`)
  // Not enumerable: a default may be a secret, and a reference may be logged or serialized.
  return Object.defineProperty({ ...options }, 'default', { value: rule.copy(fallback), enumerable: false })
}
