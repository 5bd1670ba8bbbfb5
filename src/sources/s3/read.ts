import { sdk } from '#sdk/s3'
import { command, registerSdk } from '../../aws/sdk.js'
import { withClient } from '../../aws/with-client.js'
import type { AwsClient } from '../../core/client-scope.js'
import { registerDecoder } from '../../core/decode.js'
import { failed, failureFromError, fetched, invalidResponse, type Outcome, revalidated } from '../../core/outcome.js'
import type { FetchRequest, Reference, Source } from '../../core/reference.js'
import { discard, readBody } from './body.js'
import { decodeObject, type RawObject } from './decode.js'
import { objectLocationOf } from './location.js'

// This source's SDK client: loaded, and bundled, only where a declaration uses it.
registerSdk(sdk)
registerDecoder<RawObject>('object', decodeObject)

/** What a reference may hold unless its `maxBytes` says otherwise: 1 MiB. */
export const DEFAULT_MAX_BYTES = 1024 * 1024

interface GetObjectOutput {
  Body?: unknown
  ContentLength?: number
  ETag?: string
  VersionId?: string
}

/** The cached object, if its ETag may vouch for it: `If-None-Match` asks S3 for the body only if it changed. */
function revalidatable({ previous }: FetchRequest): RawObject | undefined {
  return previous?.kind === 'object' && (previous as RawObject).etag !== undefined ? (previous as RawObject) : undefined
}

// S3 answers a matching If-None-Match with 304 and no body; the SDK throws it as an error
// whose name depends on its version (`NotModified`, `304`, `Unknown`): its status says.
const isNotModified = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 304

const tooLarge = ({ id }: Reference, maxBytes: number, size?: number) =>
  failed('ObjectTooLarge', `object ${id} is ${size === undefined ? 'larger than' : `${size} bytes, more than`} maxBytes (${maxBytes})`)

/** The object GetObject answered with, read to its end; an answer without a readable body is no value. */
async function objectOf(output: GetObjectOutput, reference: Reference, maxBytes: number): Promise<Outcome> {
  const { Body, ContentLength, ETag, VersionId } = output
  if (Body === undefined || Body === null) return invalidResponse(`GetObject for ${reference.id} answered without a body`)
  if (ContentLength !== undefined && ContentLength > maxBytes) {
    discard(Body)
    return tooLarge(reference, maxBytes, ContentLength)
  }
  const read = await readBody(Body, maxBytes)
  if (read === undefined) return invalidResponse(`GetObject for ${reference.id} answered with a body that is not a stream`)
  if ('tooLarge' in read) return tooLarge(reference, maxBytes)
  // A body cut short is not the object: it must not replace the one cached.
  if (ContentLength !== undefined && read.bytes.byteLength !== ContentLength) {
    return invalidResponse(`GetObject for ${reference.id} announced ${ContentLength} bytes and sent ${read.bytes.byteLength}`)
  }
  return fetched<RawObject>({ kind: 'object', body: read.bytes, etag: ETag, versionId: VersionId })
}

/** One GetObject: conditional on the cached ETag when there is one, so an unchanged object costs no body. */
async function getObject(client: AwsClient, request: FetchRequest): Promise<Outcome> {
  const { reference } = request
  const { versionId, maxBytes = DEFAULT_MAX_BYTES } = reference.options as { versionId?: string; maxBytes?: number }
  const cached = revalidatable(request)
  const input = { ...objectLocationOf(reference.id), VersionId: versionId, IfNoneMatch: cached?.etag }
  try {
    const output = (await client.send(await command('s3', 'GetObjectCommand', input))) as GetObjectOutput
    return await objectOf(output, reference, maxBytes)
  } catch (error) {
    if (cached && isNotModified(error)) return revalidated(cached)
    return failureFromError(error)
  }
}

/**
 * Amazon S3: one GetObject per reference (there is no batch read), all at once. An
 * expired entry is asked for with `If-None-Match` on its ETag: a 304 keeps it, with no body.
 */
export const fetchFromS3: Source = withClient((client, requests) =>
  Promise.all(requests.map(async (request) => new Map([[request.fetchKey, await getObject(client, request)]]))),
)
