import type { Reference } from '../references/reference.js'
import { clientFor, type AwsClient, type ClientScope } from './clients.js'
import { failureFromError, type Outcome, type RawValue } from './outcome.js'

/** One entry to fetch: the reference, the client that serves it, and its cache key. */
export interface FetchRequest {
  readonly fetchKey: string
  readonly reference: Reference
  readonly scope: ClientScope
  /** The entry's last good value, if any: a source may revalidate it cheaply instead of fetching it again. */
  readonly previous?: RawValue
}

/**
 * A source fetches a batch of entries that share one client and reports an outcome for
 * every request. It never rejects: a failed call becomes a failure per entry, so one
 * bad batch cannot hide which keys it carried.
 */
export type Source = (requests: readonly FetchRequest[], signal?: AbortSignal) => Promise<Map<string, Outcome>>

/** The same failure for every request of a batch (the call as a whole failed). */
export function failEach(requests: readonly FetchRequest[], failure: Outcome): Map<string, Outcome> {
  return new Map(requests.map((request) => [request.fetchKey, failure]))
}

/** Merges the per-call result maps of one source into one. */
export function mergeResults(results: readonly Map<string, Outcome>[]): Map<string, Outcome> {
  return new Map(results.flatMap((result) => [...result]))
}

/**
 * The client as a source sees it: every command it sends carries the fetch's deadline.
 * The SDK's own `requestTimeout` only warns in current versions; an abort signal ends
 * the request (and the SDK's retries of it).
 */
function withDeadline(client: AwsClient, signal: AbortSignal | undefined): AwsClient {
  if (!signal) return client
  return { send: (command, options) => client.send(command, { ...(options as object), abortSignal: signal }) }
}

/**
 * Builds a source from a function that fetches with a ready client. A client that cannot
 * be created (SDK missing, bad configuration, role refused) fails each request instead of
 * rejecting.
 */
export function withClient(fetchAll: (client: AwsClient, requests: readonly FetchRequest[]) => Promise<Map<string, Outcome>[]>): Source {
  return async (requests, signal) => {
    let client: AwsClient
    const scope = requests[0]!.scope
    try {
      // A role's credentials first: a refused AssumeRole is reported as such, for every key.
      await scope.credentials?.()
      client = await clientFor(scope)
    } catch (error) {
      return failEach(requests, failureFromError(error))
    }
    return mergeResults(await fetchAll(withDeadline(client, signal), requests))
  }
}
