/**
 * The snapshot tier (docs/snapshot.md): SSM references served from one S3 document that
 * holds a stage's non-secret parameters, so that a cold start costs one GetObject instead
 * of a GetParameters call per ten names. It wraps the SSM source: each batch the cache
 * sends asks S3 for the document (conditional on its ETag: a 304 keeps the one held, with
 * no body), answers every reference the document can tell, and sends the rest to
 * Parameter Store. A snapshot that cannot be read fails no key: every one goes to the
 * source. Concurrent batches share one read.
 */
import { clientFor } from '../aws/clients.js'
import { command, preloadSdk } from '../aws/sdk.js'
import { onClearRegistryCache } from '../cache/process-state.js'
import type { ClientScope } from '../core/client-scope.js'
import { fetched, type Outcome } from '../core/outcome.js'
import type { FetchRequest, Reference, Source } from '../core/reference.js'
import { mergeResults } from '../core/source.js'
import { readBody } from '../sources/s3/body.js'
import '../sources/s3/read.js'
import type { RawParameter, RawPath } from '../sources/ssm/payload.js'
import { parameterFrom, parseSnapshot, pathFrom, type SnapshotDocument } from '../sources/ssm/snapshot.js'
import { type SnapshotLocation, snapshotUri } from './snapshot-location.js'

/** The largest document read: 16 MiB, far more than a stage's parameters need. */
export const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024

/** Milliseconds a snapshot that could not be read is left alone: every batch meanwhile goes to the source at once. */
export const SNAPSHOT_RETRY_AFTER = 30_000

interface Held {
  document?: SnapshotDocument
  etag?: string
  reading?: Promise<SnapshotDocument | undefined>
  /** Until when (Date.now()) a failed read is not tried again. */
  retryAt?: number
}

// One document per location and S3 client, shared by every registry of the process.
const held = new Map<string, Held>()
onClearRegistryCache(() => held.clear())

const isNotModified = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 304

interface GetObjectOutput {
  Body?: unknown
  ETag?: string
}

/** One GetObject, conditional on the ETag held; undefined when it cannot be read (the source answers instead). */
async function readSnapshot(location: SnapshotLocation, scope: ClientScope, state: Held, signal?: AbortSignal): Promise<SnapshotDocument | undefined> {
  const input = { Bucket: location.bucket, Key: location.key, IfNoneMatch: state.document ? state.etag : undefined }
  try {
    const client = await clientFor(scope)
    const output = (await client.send(await command('s3', 'GetObjectCommand', input), signal ? { abortSignal: signal } : undefined)) as GetObjectOutput
    const read = await readBody(output.Body, MAX_SNAPSHOT_BYTES)
    const document = read && !('tooLarge' in read) ? parseSnapshot(new TextDecoder().decode(read.bytes)) : undefined
    if (document === undefined || 'problem' in document) return unreadable(state)
    Object.assign(state, { document, etag: output.ETag })
    return document
  } catch (error) {
    return isNotModified(error) ? state.document : unreadable(state)
  }
}

function unreadable(state: Held): undefined {
  state.retryAt = Date.now() + SNAPSHOT_RETRY_AFTER
  return undefined
}

/** The document as S3 holds it now, read once for every batch that asks at the same time. */
function currentSnapshot(location: SnapshotLocation, scope: ClientScope, signal?: AbortSignal): Promise<SnapshotDocument | undefined> {
  const id = `${scope.key}|${snapshotUri(location)}`
  let state = held.get(id)
  if (!state) held.set(id, (state = {}))
  const entry = state
  if (entry.retryAt !== undefined && Date.now() < entry.retryAt) return Promise.resolve(undefined)
  if (!entry.reading) entry.reading = readSnapshot(location, scope, entry, signal).finally(() => (entry.reading = undefined))
  return entry.reading
}

/** What the document says of one reference, as Parameter Store would answer it; undefined when it cannot tell. */
export function answerFrom(document: SnapshotDocument, reference: Reference): Outcome | undefined {
  if (reference.kind === 'parameter') {
    const raw = parameterFrom(document, reference.id, reference.selector)
    return raw && fetched<RawParameter>(raw)
  }
  if (reference.kind === 'path') {
    const raw = pathFrom(document, reference.id, reference.options.recursive !== false)
    return raw && fetched<RawPath>(raw)
  }
  return undefined
}

/** The SSM source behind a snapshot: what the document holds from it, the rest from `source`. */
export function snapshotTier(location: SnapshotLocation, scope: ClientScope, source: Source): Source {
  // Within init, where the runtime allows: the first batch then waits for no SDK load.
  preloadSdk('s3')
  return async (requests, signal) => {
    const document = await currentSnapshot(location, scope, signal)
    const served = new Map<string, Outcome>()
    const rest: FetchRequest[] = []
    for (const request of requests) {
      const answer = document && answerFrom(document, request.reference)
      if (answer) served.set(request.fetchKey, answer)
      else rest.push(request)
    }
    return rest.length === 0 ? served : mergeResults([served, await source(rest, signal)])
  }
}
