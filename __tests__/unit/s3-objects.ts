/**
 * An in-memory S3 bucket that answers GetObject the way S3 does: the body as a stream with
 * its Content-Length and ETag, 304 for an If-None-Match that matches, NoSuchKey for a key
 * it does not hold; and what each request asked for and how much of each body was read.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { GetObjectCommand, type GetObjectCommandInput } from '@aws-sdk/client-s3'
import { awsError } from './helpers.js'
import { s3Mock } from './mocks.js'

/** What the SDK throws for a 304: no body to name the error, so only its status says what it is. */
export const notModified = () => Object.assign(new Error('UnknownError'), { name: 'Unknown', $fault: 'client', $metadata: { httpStatusCode: 304 } })

/** S3's ETag of a single-part upload: the body's MD5, quoted. */
export const etagOf = (body: string | Uint8Array) => `"${createHash('md5').update(body).digest('hex')}"`

/** A body as S3 streams it, in chunks of `chunkSize` bytes, counting how many bytes were pulled from it. */
export function streamOf(body: string | Uint8Array, chunkSize = 64 * 1024, pulled = { bytes: 0 }): Readable {
  const bytes = Buffer.from(body)
  async function* chunks() {
    for (let start = 0; start < bytes.length; start += chunkSize) {
      const chunk = bytes.subarray(start, start + chunkSize)
      pulled.bytes += chunk.length
      yield chunk
    }
  }
  return Readable.from(chunks(), { objectMode: false })
}

export interface Bucket {
  /** Replaces an object's body (a new ETag). */
  put(key: string, body: string | Uint8Array): void
  /** Bytes handed out in bodies so far. */
  readonly pulled: { bytes: number }
}

/** Answers GetObject for `bucket` from `objects` (key → body), which the test may change with put(). */
export function serveBucket(bucket: string, objects: Record<string, string | Uint8Array>): Bucket {
  const store = new Map(Object.entries(objects))
  const pulled = { bytes: 0 }
  s3Mock.on(GetObjectCommand).callsFake(async (input: GetObjectCommandInput) => {
    if (input.Bucket !== bucket) throw awsError('NoSuchBucket', 'The specified bucket does not exist')
    const body = store.get(input.Key!)
    if (body === undefined) throw awsError('NoSuchKey', 'The specified key does not exist.')
    const ETag = etagOf(body)
    if (input.IfNoneMatch === ETag) throw notModified()
    return { Body: streamOf(body, 64 * 1024, pulled), ContentLength: Buffer.byteLength(body), ETag }
  })
  return { put: (key, body) => store.set(key, body), pulled }
}

export const getObjectCalls = () => s3Mock.commandCalls(GetObjectCommand)
export const getObjectInputs = () => getObjectCalls().map((call) => call.args[0].input)
