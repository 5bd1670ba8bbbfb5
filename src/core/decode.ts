import { MAX_DEPTH, tooDeepAt } from './depth.js'
import { type FetchFailed, failed, type RawPayload, type RawText } from './outcome.js'
import type { Reference } from './reference.js'

/** A value ready for the context, and whether it must be masked. */
export interface Decoded {
  readonly ok: true
  readonly value: unknown
  readonly masked: boolean
}

/**
 * Cached values are shared by every invocation and every registry in the process, so
 * decoded objects are frozen: a handler that mutates `context.limits` cannot leak that
 * change into the next invocation.
 */
export function deepFreeze<T>(value: T): T {
  // A loop, not recursion: how deep a value nests must not decide whether freezing it overflows the stack.
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const next = pending.pop()
    if (typeof next !== 'object' || next === null || Object.isFrozen(next)) continue
    Object.freeze(next)
    for (const child of Object.values(next)) pending.push(child)
  }
  return value
}

/**
 * JSON text as a frozen value, or what is wrong with it, as a phrase: never JSON.parse's
 * message (it quotes the text, which may be a secret), never the value.
 */
export function parseFrozenJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, problem: 'is not valid JSON' }
  }
  if (tooDeepAt(value)) return { ok: false, problem: `is JSON nested deeper than ${MAX_DEPTH} levels` }
  return { ok: true, value: deepFreeze(value) }
}

function parseJson(text: string, reference: Reference, masked: boolean): Decoded | FetchFailed {
  const parsed = parseFrozenJson(text)
  return parsed.ok ? { ok: true, value: parsed.value, masked } : failed('InvalidJSON', `the value of ${reference.kind} ${reference.id} ${parsed.problem}`)
}

/** Text as the reference declares it: as it is, a list (`,`), or JSON parsed and frozen; masked as the source says. */
export function decodeText(text: string, reference: Reference, masked: boolean): Decoded | FetchFailed {
  switch (reference.decoding) {
    case 'json':
      // A SecureString parsed as JSON is as secret as its text.
      return parseJson(text, reference, masked)
    case 'list':
      return { ok: true, value: Object.freeze(text === '' ? [] : text.split(',')), masked }
    default:
      return { ok: true, value: text, masked }
  }
}

/** Turns one kind of payload into the value a reference declares. */
export type Decoder<P extends RawPayload> = (raw: P, reference: Reference) => Decoded | FetchFailed

// Each backend registers the decoder of its own payloads, so that a function that reads
// none of them bundles none of the code.
const decoders = new Map<string, Decoder<RawPayload>>()

export function registerDecoder<P extends RawPayload>(kind: P['kind'], decoder: Decoder<P>): void {
  // Called only with payloads of its own kind: the map is keyed by it.
  decoders.set(kind, decoder as Decoder<RawPayload>)
}

function decodeFresh(raw: RawPayload, reference: Reference): Decoded | FetchFailed {
  if (raw.kind === 'text') return decodeText((raw as RawText).value, reference, reference.secret)
  const decoder = decoders.get(raw.kind)
  return decoder ? decoder(raw, reference) : failed('NoDecoder', `no decoder for ${raw.kind} is loaded`)
}

// Decoding is memoised per fetched payload: a refresh replaces the payload, and with it
// the decoded values, while warm invocations never parse JSON again.
const memo = new WeakMap<RawPayload, Map<string, Decoded | FetchFailed>>()

export function decode(raw: RawPayload, reference: Reference): Decoded | FetchFailed {
  let byDecoding = memo.get(raw)
  if (!byDecoding) memo.set(raw, (byDecoding = new Map()))
  // Everything of the reference that shapes the value; an endpoint's options included.
  const { optional = false, attribute = '', scheme = '' } = reference.options
  const memoKey = `${reference.decoding}|${reference.secret}|${optional}|${attribute}|${scheme}`
  let decoded = byDecoding.get(memoKey)
  if (!decoded) byDecoding.set(memoKey, (decoded = decodeFresh(raw, reference)))
  return decoded
}
