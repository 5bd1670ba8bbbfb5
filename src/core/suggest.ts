/**
 * "Did you mean …?" for a mistyped option: the known name closest to the one given, when
 * it is close enough to be a typo (`regoin` → `region`, `Region` → `region`).
 */

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = best
    }
  }
  return rows[a.length]![b.length]!
}

/** The candidate `given` most likely meant, or undefined when none is within a typo of it. */
export function closestName(given: string, candidates: Iterable<string>): string | undefined {
  // A typo is a few edits: one in a short name, up to three in a long one.
  const allowed = Math.min(3, Math.max(1, Math.floor(given.length / 4)))
  let best: { name: string; distance: number } | undefined
  for (const name of candidates) {
    const distance = editDistance(given.toLowerCase(), name.toLowerCase())
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance }
  }
  return best?.name
}
