/**
 * A GetObject body read to bytes, up to a cap: an object larger than the reference allows
 * is refused as soon as that is known (its Content-Length, or the bytes read so far),
 * without holding more of it than the cap in memory.
 */

/** The body's bytes, or `tooLarge` once it is known to hold more than the cap. */
export type BodyRead = { readonly bytes: Uint8Array } | { readonly tooLarge: true }

interface Discardable {
  destroy?: () => void
  cancel?: () => Promise<void>
}

/** Lets go of a body that will not be read: its connection goes back to the pool, or is closed. */
export function discard(body: unknown): void {
  const stream = body as Discardable
  if (typeof stream.destroy === 'function') stream.destroy()
  else if (typeof stream.cancel === 'function') stream.cancel().catch(() => undefined)
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'

const encoder = new TextEncoder()

function joined(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/**
 * Reads a body (a Node.js stream or a web ReadableStream: both are async iterables of
 * chunks) to its end, or until it passes `maxBytes`. Rejects as the stream does (a reset
 * connection, the request's deadline).
 */
export async function readBody(body: unknown, maxBytes: number): Promise<BodyRead | undefined> {
  if (body instanceof Uint8Array) return body.byteLength > maxBytes ? { tooLarge: true } : { bytes: body }
  if (!isAsyncIterable(body)) return undefined
  const chunks: Uint8Array[] = []
  let length = 0
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : (chunk as Uint8Array)
    length += bytes.byteLength
    // Leaving the loop ends the stream (the iterator's return()): the rest is never downloaded.
    if (length > maxBytes) return { tooLarge: true }
    chunks.push(bytes)
  }
  return { bytes: joined(chunks, length) }
}
