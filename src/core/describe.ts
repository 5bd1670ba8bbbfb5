/**
 * Describes a rejected value without echoing it: a string pasted into the wrong place may
 * be a secret, so errors say what is wrong with it, never what it is.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length === 0 ? 'an empty string' : `a string of ${value.length} character${value.length === 1 ? '' : 's'}`
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value)
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}

/**
 * A name, id or key a caller gave, quoted for a message and cut to `max` characters, so
 * that a 100,000-character input cannot flood a log: `"arn:aws:kms:…"…(100012 characters)`.
 * Only for inputs that are never values (use describeValue where a secret may be pasted).
 */
export function quote(value: string, max = 80): string {
  return value.length <= max ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, max))}…(${value.length} characters)`
}

// A registry file's keys may hold `-` (`checkout-v2`); an option's keys are JavaScript's.
const FILE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/
const JS_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * A place in nested input, as messages name it: `stages.prod.parameters["/odd key"][0]`.
 * A key that is not an `identifier` is quoted, and cut if it is long.
 */
export function pathText(path: readonly (string | number)[], identifier: RegExp = FILE_KEY): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`
      if (identifier.test(segment) && segment.length <= 80) return index === 0 ? segment : `.${segment}`
      return `[${quote(segment)}]`
    })
    .join('')
}

/** How a message names a caller's key in an object: `fetch.ordersUrl`, or `fetch["/odd key"]` quoted and capped. */
export const propertyPath = (object: string, key: string): string => pathText([object, key], JS_IDENTIFIER)

/** Where a string first breaks a character rule, e.g. `" " at position 7`. */
export function firstInvalidCharacter(value: string, allowed: RegExp): string {
  const index = [...value].findIndex((character) => !allowed.test(character))
  return index === -1 ? 'an invalid character' : `${JSON.stringify([...value][index])} at position ${index + 1}`
}
