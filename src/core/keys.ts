/**
 * A caller's map whose keys become properties of objects the middleware builds: a `fetch`
 * map (context keys), a service's `fields`, `extra` or `attributes` (its object's fields).
 * Assigned, `__proto__` would set a prototype and its value would be lost; `constructor`
 * and `prototype` would shadow what code and inspectors expect of every object. So those
 * keys are refused when the map is declared, as is a map whose prototype was set by a
 * literal `{ __proto__: ssm('/x') }`, which looks like a declaration and declares nothing.
 */
import { quote } from './describe.js'

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** What is wrong with a map of declarations, as a phrase after its name; undefined when nothing is. */
export function declarationMapProblem(map: object): string | undefined {
  const prototype: unknown = Object.getPrototypeOf(map)
  if (prototype !== Object.prototype && prototype !== null) {
    return 'must be a plain object, but its prototype is neither Object.prototype nor null (a literal { __proto__: … } sets the prototype and declares nothing)'
  }
  const reserved = Object.keys(map).find((key) => RESERVED_KEYS.has(key))
  if (reserved === undefined) return undefined
  return `cannot have the key ${quote(reserved)}: __proto__, constructor and prototype would reach the object's prototype instead of becoming a property; choose another key`
}

/**
 * Sets an own property, whatever its name: `record["__proto__"] = value` would set the
 * prototype instead (and drop a string), so a name AWS allows, such as a parameter
 * called `__proto__`, is kept as data.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true })
}
