/**
 * How deep the registry lets data nest. Configuration is a few levels deep; a value (or a
 * local registry file) nested thousands of levels deep is a mistake or an attack, and
 * every recursive walk of it (freezing, serialising, checking) would overflow the stack
 * with a RangeError. So such data is refused, by a walk that is itself iterative.
 */

/** Levels of objects and arrays a value may nest: `[[1]]` is 2 levels deep, `1` none. */
export const MAX_DEPTH = 64

type Key = string | number

interface Visit {
  readonly value: object
  readonly depth: number
  readonly parent?: Visit
  readonly key?: Key
}

function pathOf(visit: Visit): Key[] {
  const path: Key[] = []
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) path.unshift(at.key!)
  return path
}

/**
 * The path to the first object or array (in document order) that nests deeper than `max`
 * levels, e.g. `['parameters', '/deep', 0, 0, …]`; undefined when the value is within it.
 * Stops at that depth, so a cyclic value ends too.
 */
export function tooDeepAt(value: unknown, max = MAX_DEPTH): Key[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const pending: Visit[] = [{ value, depth: 1 }]
  while (pending.length > 0) {
    const visit = pending.pop()!
    if (visit.depth > max) return pathOf(visit)
    const children = Array.isArray(visit.value) ? visit.value.map((child, index) => [index, child] as const) : Object.entries(visit.value)
    // Pushed in reverse, so that the first child is visited first.
    for (let index = children.length - 1; index >= 0; index--) {
      const [key, child] = children[index]!
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: visit.depth + 1, parent: visit, key })
    }
  }
  return undefined
}
