/** Summaries of repeated measurements: medians across runs, percentiles within one. */

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Nearest-rank percentile, `p` in 0..100. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]
}

export const sum = (values) => values.reduce((total, value) => total + value, 0)

/** The median across runs of a figure computed from each run. */
export const medianOf = (runs, figure) => median(runs.map(figure))

/** Total requests of a `{ operation: count }` map. */
export const requestTotal = (counts) => sum(Object.values(counts ?? {}))

/** `GetParameters ×5, BatchGetSecretValue ×1`, operations in a stable order. */
export function describeRequests(counts) {
  const entries = Object.entries(counts ?? {})
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a.localeCompare(b))
  return entries.length === 0 ? 'none' : entries.map(([operation, count]) => `${operation} ×${count}`).join(', ')
}

/** Median of each operation's count across runs. */
export function medianCounts(runs) {
  const operations = [...new Set(runs.flatMap((counts) => Object.keys(counts ?? {})))]
  return Object.fromEntries(operations.map((operation) => [operation, median(runs.map((counts) => counts?.[operation] ?? 0))]))
}
