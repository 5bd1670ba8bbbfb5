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

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** How a message names a caller's key in an object: `fetch.ordersUrl`, or `fetch["/odd key"]` quoted and capped. */
export const propertyPath = (object: string, key: string): string =>
  IDENTIFIER.test(key) && key.length <= 80 ? `${object}.${key}` : `${object}[${quote(key)}]`

/** Where a string first breaks a character rule, e.g. `" " at position 7`. */
export function firstInvalidCharacter(value: string, allowed: RegExp): string {
  const index = [...value].findIndex((character) => !allowed.test(character))
  return index === -1 ? 'an invalid character' : `${JSON.stringify([...value][index])} at position ${index + 1}`
}
