/**
 * Version-aware revalidation: an expired secret is first asked about with DescribeSecret
 * (metadata only, under a quota of 40,000 requests per second where BatchGetSecretValue has
 * 100), and its value is read again only when the version its reference reads has moved.
 */
import { onClearRegistryCache } from '../../cache/process-state.js'
import type { AwsClient } from '../../core/client-scope.js'
import { type FetchFailed, failed, failureFromError, NETWORK_ERROR, type Outcome, revalidated, SERVER_ERROR, TIMEOUT } from '../../core/outcome.js'
import type { FetchRequest, Reference } from '../../core/reference.js'
import { describeSecret, nextRotationOf, type SecretDescription } from './describe.js'
import type { RawSecret } from './payload.js'

/**
 * A value that only DescribeSecret has vouched for is read in full again after an hour, so
 * that a withdrawn GetSecretValue or kms:Decrypt permission still shows, as it does without
 * revalidation: DescribeSecret asks neither.
 */
export const FULL_READ_INTERVAL = 60 * 60_000

// Secrets whose DescribeSecret this process may not call, by client scope and id (policies
// usually grant it secret by secret): learnt once, so a missing permission costs one denied
// request per secret, not one per refresh.
const probeDenied = new Set<string>()
const deniedKey = ({ scope, reference }: FetchRequest) => `${scope.key}\n${reference.id}`

/** What DescribeSecret said of one cached secret. */
export interface Verdict {
  readonly request: FetchRequest
  /** The outcome without a read: the cached value confirmed, or a throttled or failing service, which a read would only add to. */
  readonly settled?: Outcome
  /** Its next rotation, when the answer gave one and the value must be read after all: rotation needs no second DescribeSecret. */
  readonly rotation?: { readonly next: number | undefined }
}

/**
 * A throttled, failing or unreachable service: the refresh fails as a read would have
 * (the last good value stays, the entry backs off) rather than send that read as well.
 */
function unavailable(error: unknown, failure: FetchFailed): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode
  if (status !== undefined && (status >= 500 || status === 429)) return true
  return [TIMEOUT, NETWORK_ERROR, SERVER_ERROR].includes(failure.code) || /Throttl|TooManyRequests|RequestLimitExceeded/.test(failure.code)
}

/** The cached secret, if DescribeSecret may vouch for it. */
function revalidatable(request: FetchRequest, now: number): RawSecret | undefined {
  const previous = request.previous as RawSecret | undefined
  if (previous?.kind !== 'secret' || previous.versionId === undefined || previous.readAt === undefined) return undefined
  if (request.reference.options.revalidate === false || probeDenied.has(deniedKey(request))) return undefined
  return now - previous.readAt < FULL_READ_INTERVAL ? previous : undefined
}

/** Splits a batch: entries DescribeSecret may vouch for, and entries to read at once (new, opted out, due a full read). */
export function forRevalidation(requests: readonly FetchRequest[], now: number) {
  const probe: Array<{ request: FetchRequest; previous: RawSecret }> = []
  const read: FetchRequest[] = []
  for (const request of requests) {
    const previous = revalidatable(request, now)
    if (previous) probe.push({ request, previous })
    else read.push(request)
  }
  return { probe, read }
}

/**
 * Whether the cached version is still the one the reference reads: it carries the label
 * read (AWSCURRENT unless pinned), or, pinned by id, is still listed. Undefined when the
 * answer has no version list, which AWS always sends: that answer vouches for nothing.
 */
function stillRead(description: SecretDescription, { options }: Reference, versionId: string): boolean | undefined {
  const versions = description.VersionIdsToStages
  if (typeof versions !== 'object' || versions === null) return undefined
  const stages = Object.hasOwn(versions, versionId) ? versions[versionId] : undefined
  if (!Array.isArray(stages)) return false
  return options.versionId !== undefined || stages.includes(options.versionStage ?? 'AWSCURRENT')
}

/** The cached payload, its rotation date taken from this answer when the reference follows rotation. */
function confirmed(previous: RawSecret, description: SecretDescription, reference: Reference): Outcome {
  const { validUntil: _, ...payload } = previous
  return revalidated(reference.options.rotation === true ? { ...payload, validUntil: nextRotationOf(description) } : payload)
}

/**
 * Asks DescribeSecret about one cached secret. Any other doubt (a denial, another error, a
 * malformed answer, a deletion under way) means reading it: the read decides, as it did
 * before revalidation.
 */
async function ask(client: AwsClient, request: FetchRequest, previous: RawSecret): Promise<Verdict> {
  let description: SecretDescription | undefined
  try {
    description = await describeSecret(client, request.reference.id)
  } catch (error) {
    const failure = failureFromError(error)
    if (unavailable(error, failure))
      return {
        request,
        settled: failed(failure.code, `DescribeSecret, asked whether the cached version still holds, failed: ${failure.message}`, failure.detail),
      }
    // Not granted: read as before, and stop asking.
    if (failure.code === 'AccessDeniedException') probeDenied.add(deniedKey(request))
    return { request }
  }
  const current = description ? stillRead(description, request.reference, previous.versionId!) : undefined
  if (!description || current === undefined) return { request }
  // A secret scheduled for deletion cannot be read: its read fails, as it did before revalidation.
  if (current && description.DeletedDate === undefined) return { request, settled: confirmed(previous, description, request.reference) }
  return { request, rotation: { next: nextRotationOf(description) } }
}

/** DescribeSecret has no batch form: one call per secret, all at once. */
export const askEach = (client: AwsClient, probe: ReturnType<typeof forRevalidation>['probe']): Promise<Verdict[]> =>
  Promise.all(probe.map(({ request, previous }) => ask(client, request, previous)))

// clearRegistryCache() forgets what this process learnt about denied DescribeSecret calls.
onClearRegistryCache(() => probeDenied.clear())
