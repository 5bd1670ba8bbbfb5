/**
 * The values of the file's secrets, gathered before anything is compared or written: from
 * the environment variables the file names, or typed at a terminal. Every variable that
 * is missing is reported at once, by name (a name is a locator, never a value). Each
 * value is checked before anything is compared: within AWS's limits, a service's API key
 * long enough to be masked, a binary secret's base64 valid.
 */
import { base64Problem, compactBase64 } from '../../core/base64.js'
import { PublishInputError } from '../../core/problem.js'
import type { DesiredEntry, DesiredParameter, DesiredSecret } from '../../registry-file/entries.js'
import type { SecretSource } from '../../registry-file/format.js'
import { MIN_API_KEY_LENGTH } from '../store/redact.js'

/** Asks for a secret at a terminal, without echoing it. */
export type AskSecret = (question: string) => Promise<string>

// Secrets Manager's limit for a secret's value, and SSM's for a Standard parameter's.
const MAX_BYTES = { secret: 65_536, parameter: 4096 } as const

type WithSource = (DesiredParameter | DesiredSecret) & { readonly source: SecretSource }
const hasSource = (entry: DesiredEntry): entry is WithSource => 'source' in entry

/** The entries whose value is a secret (secrets, SecureString parameters). */
export const secretEntriesOf = (entries: readonly DesiredEntry[]): WithSource[] => entries.filter(hasSource)

/** How the prompt names the entry: a binary secret asks for base64. */
const kindOf = (entry: WithSource) => (entry.kind !== 'secret' ? 'SecureString parameter' : entry.binary ? 'binary secret, as base64,' : 'secret')

const tooLong = (entry: WithSource, limit: number) =>
  new PublishInputError(`${entry.origin}: the value given is longer than ${limit} bytes (${entry.kind === 'secret' ? 'Secrets Manager' : 'SSM'}'s limit)`)

/** A binary secret's base64, checked strictly and without its line breaks; its bytes within Secrets Manager's limit. */
function binaryValue(entry: WithSource, value: string): string {
  // The problem describes the text, never quotes it.
  const problem = base64Problem(value)
  if (problem) throw new PublishInputError(`${entry.origin} is binary: true, and the value given ${problem}`)
  const base64 = compactBase64(value)
  if (Buffer.from(base64, 'base64').length > MAX_BYTES.secret) throw tooLong(entry, MAX_BYTES.secret)
  return base64
}

/** The value as it is written and compared: within AWS's limits, an API key long enough to be masked, a binary one valid base64. */
function checkedValue(entry: WithSource, value: string): string {
  const limit = MAX_BYTES[entry.kind === 'secret' ? 'secret' : 'parameter']
  if (value === '') throw new PublishInputError(`${entry.origin}: the value given is empty`)
  if (entry.kind === 'secret' && entry.binary) return binaryValue(entry, value)
  if (Buffer.byteLength(value) > limit) throw tooLong(entry, limit)
  if (entry.kind === 'secret' && entry.service !== undefined && value.length < MIN_API_KEY_LENGTH)
    throw new PublishInputError(`${entry.origin}: the API key given is shorter than ${MIN_API_KEY_LENGTH} characters: too short to be masked safely`)
  return value
}

/**
 * The value of every secret to be written, by entry; declared secrets have none. Variables
 * are read first, so that a missing one fails before any prompt.
 */
export async function secretValuesOf(
  entries: readonly DesiredEntry[],
  env: Readonly<Record<string, string | undefined>>,
  ask?: AskSecret,
): Promise<Map<DesiredEntry, string>> {
  const values = new Map<DesiredEntry, string>()
  const withSource = secretEntriesOf(entries)
  const unset: string[] = []
  for (const entry of withSource) {
    if (!('fromEnv' in entry.source)) continue
    const value = env[entry.source.fromEnv]
    if (value === undefined || value === '') unset.push(`${entry.source.fromEnv} (for ${entry.origin})`)
    else values.set(entry, checkedValue(entry, value))
  }
  if (unset.length > 0) throw new PublishInputError(`these environment variables are not set, or are empty: ${unset.join(', ')}`)
  for (const entry of withSource) {
    if (!('prompt' in entry.source)) continue
    if (!ask) throw new PublishInputError(`${entry.origin} is { prompt: true }, and there is no terminal to ask at; in a pipeline, use { fromEnv: VARIABLE }`)
    values.set(entry, checkedValue(entry, await ask(`${kindOf(entry)} ${entry.name} (${entry.origin}): `)))
  }
  return values
}
