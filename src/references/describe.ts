/**
 * Describes a rejected value without echoing it: a string pasted into the wrong place may
 * be a secret, so errors say what is wrong with it, never what it is.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length === 0 ? 'an empty string' : `a string of ${value.length} character${value.length === 1 ? "" : "s"}`
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value)
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}

/** Where a string first breaks a character rule, e.g. `" " at position 7`. */
export function firstInvalidCharacter(value: string, allowed: RegExp): string {
  const index = [...value].findIndex((character) => !allowed.test(character))
  return index === -1 ? 'an invalid character' : `${JSON.stringify([...value][index])} at position ${index + 1}`
}
