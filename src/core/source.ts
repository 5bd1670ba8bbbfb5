import type { Outcome } from './outcome.js'
import type { FetchRequest } from './reference.js'

/** The same failure for every request of a batch (the call as a whole failed). */
export function failEach(requests: readonly FetchRequest[], failure: Outcome): Map<string, Outcome> {
  return new Map(requests.map((request) => [request.fetchKey, failure]))
}

/** Merges the per-call result maps of one source into one. */
export function mergeResults(results: readonly Map<string, Outcome>[]): Map<string, Outcome> {
  return new Map(results.flatMap((result) => [...result]))
}
