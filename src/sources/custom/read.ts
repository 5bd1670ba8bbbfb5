/**
 * The reader of a source defined with `defineSource()`: the user's `read(ids)` behind the
 * same contract as the built-in sources. Every due id goes out in calls of at most
 * `maxBatch`, all at once; each call's answer settles its ids one by one, so that one
 * missing or malformed value fails its own key, not its neighbours.
 */
import { describeValue, quote } from '../../core/describe.js'
import { chunk, failed, failureFromError, fetched, invalidResponse, type Outcome, type RawText } from '../../core/outcome.js'
import type { FetchRequest, Source } from '../../core/reference.js'
import { failEach, mergeResults } from '../../core/source.js'
import { isObject } from '../../core/values.js'

/** What the user's `read()` is given besides the ids: the fetch's deadline, to pass on. */
export interface ReadContext {
  /** Aborted at the registry's `requestTimeout`: hand it to `fetch()` or the client you call. */
  readonly signal: AbortSignal
}

/** The user's function: one call per batch of ids, resolving to a value per id it found. */
export type ReadFunction = (
  ids: string[],
  context: ReadContext,
) => Promise<Readonly<Record<string, string | undefined>>> | Readonly<Record<string, string | undefined>>

/** The code of an id that `read()` left out of its answer: not found, so `optional` applies. */
export const NOT_FOUND = 'NotFound'

function outcomeOf(name: string, id: string, answer: Readonly<Record<string, unknown>>): Outcome {
  const value = Object.hasOwn(answer, id) ? answer[id] : undefined
  if (value === undefined) return failed(NOT_FOUND, `${name} has no entry ${quote(id)}`)
  // Never the value itself: it may be a secret.
  if (typeof value !== 'string') return invalidResponse(`${name}'s read() answered ${quote(id)} with ${describeValue(value)}, not a string`)
  return fetched<RawText>({ kind: 'text', value })
}

async function readBatch(name: string, read: ReadFunction, batch: readonly FetchRequest[], signal: AbortSignal): Promise<Map<string, Outcome>> {
  let answer: unknown
  try {
    answer = await read([...new Set(batch.map(({ reference }) => reference.id))], { signal })
  } catch (error) {
    // The error's name (or code) is the failure's code; its message is the user's own.
    return failEach(batch, failureFromError(error))
  }
  if (!isObject(answer)) {
    return failEach(batch, invalidResponse(`${name}'s read() resolved to ${describeValue(answer)}, not an object of ids to values`))
  }
  return new Map(batch.map(({ fetchKey, reference }) => [fetchKey, outcomeOf(name, reference.id, answer as Record<string, unknown>)]))
}

/** The source of a defined source: `read()` once per batch of at most `maxBatch` ids, all batches at once. */
export function customReader(name: string, read: ReadFunction, maxBatch: number): Source {
  return async (requests, signal = new AbortController().signal) =>
    mergeResults(await Promise.all(chunk(requests, maxBatch).map((batch) => readBatch(name, read, batch, signal))))
}
