import type { AwsClient } from '../core/client-scope.js'
import { failureFromError, type Outcome } from '../core/outcome.js'
import type { FetchRequest, Source } from '../core/reference.js'
import { failEach, mergeResults } from '../core/source.js'
import { clientFor } from './clients.js'

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
