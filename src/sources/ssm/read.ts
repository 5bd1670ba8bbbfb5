import { sdk } from '#sdk/ssm'
import { eachPage, MAX_PAGES } from '../../aws/pagination.js'
import { command, registerSdk } from '../../aws/sdk.js'
import { withClient } from '../../aws/with-client.js'
import type { AwsClient } from '../../core/client-scope.js'
import { registerDecoder } from '../../core/decode.js'
import { chunk, failed, failureFromError, fetched, invalidResponse, type Outcome } from '../../core/outcome.js'
import type { FetchRequest, Reference, Source } from '../../core/reference.js'
import { failEach, mergeResults } from '../../core/source.js'
import { decodeParameter, decodePath, type RawParameter, type RawPath } from './payload.js'

// This source's SDK client: loaded, and bundled, only where a declaration uses it.
registerSdk(sdk)
registerDecoder<RawParameter>('parameter', decodeParameter)
registerDecoder<RawPath>('path', decodePath)

/** GetParameters takes at most 10 names per call. */
export const PARAMETERS_PER_CALL = 10
const PAGE_SIZE = 10

// Errors that one name can cause for a whole GetParameters call (IAM denies the call when
// any name is denied; a KMS key or a bad version is per name). Retrying the names one by
// one then tells exactly which keys fail, instead of blaming nine innocent neighbours.
const PER_NAME_CODES = new Set([
  'AccessDeniedException',
  'ParameterVersionNotFound',
  'ParameterNotFound',
  'ValidationException',
  'InvalidKeyId',
  'KMSAccessDeniedException',
])

interface GetParametersOutput {
  Parameters?: Array<{ Name?: string; ARN?: string; Selector?: string; Value?: string; Type?: string; Version?: number }>
  InvalidParameters?: string[]
}

interface GetParametersByPathOutput {
  Parameters?: Array<{ Name?: string; Value?: string; Type?: string }>
  NextToken?: string
}

const nameOf = (reference: Reference) => reference.id + reference.selector
const decrypts = (reference: Reference) => reference.options.decrypt !== false

async function getParameters(client: AwsClient, batch: readonly FetchRequest[], decrypt: boolean): Promise<Map<string, Outcome>> {
  const names = batch.map((request) => nameOf(request.reference))
  let output: GetParametersOutput
  try {
    output = (await client.send(await command('ssm', 'GetParametersCommand', { Names: names, WithDecryption: decrypt }))) as GetParametersOutput
  } catch (error) {
    const failure = failureFromError(error)
    if (batch.length > 1 && PER_NAME_CODES.has(failure.code)) return getEachParameter(client, batch, decrypt)
    return failEach(batch, failure)
  }
  // AWS always lists Parameters (empty when none is found): an answer without is not AWS's.
  if (output.Parameters === undefined) return failEach(batch, invalidResponse('GetParameters answered without a Parameters list'))
  return outcomesOf(batch, output.Parameters, new Set(output.InvalidParameters ?? []))
}

type AnsweredParameter = NonNullable<GetParametersOutput['Parameters']>[number]

// A parameter always has a value (AWS refuses an empty one): without one, it is not a value.
const outcomeOf = (parameter: AnsweredParameter): Outcome =>
  parameter.Value === undefined
    ? invalidResponse(`GetParameters answered for ${parameter.Name ?? 'a parameter'} without its Value`)
    : fetched<RawParameter>({ kind: 'parameter', value: parameter.Value, type: parameter.Type ?? 'String', version: parameter.Version })

/**
 * A pinned name that the answer gives without its `Selector`, as moto and LocalStack do:
 * a version matches by its number; a label only when nothing else in the batch could be
 * the same name's answer.
 */
function withoutSelector(reference: Reference, answers: readonly AnsweredParameter[], batch: readonly FetchRequest[]): AnsweredParameter | undefined {
  const candidates = answers.filter((answer) => !answer.Selector && (answer.Name === reference.id || answer.ARN === reference.id))
  const selector = reference.selector.slice(1)
  if (/^\d+$/.test(selector)) return candidates.find((answer) => answer.Version === Number(selector))
  const alsoAsked = batch.filter(({ reference: other }) => other.id === reference.id && other !== reference).length > 0
  return candidates.length === 1 && !alsoAsked ? candidates[0] : undefined
}

/** Each request's outcome: its answer (by name and selector; by ARN, the ARN), not found, or not returned. */
function outcomesOf(batch: readonly FetchRequest[], answers: readonly AnsweredParameter[], invalid: ReadonlySet<string>): Map<string, Outcome> {
  // One outcome per answer, however many names it is found by.
  const outcomes = new Map(answers.map((answer) => [answer, outcomeOf(answer)]))
  const found = new Map<string, Outcome>()
  // AWS echoes the name without the selector, which comes back apart. An emulator that
  // drops the selector answers a pinned name under the plain one: the latest version wins it.
  const ordered = [...answers].sort((a, b) => (a.Version ?? 0) - (b.Version ?? 0))
  for (const answer of ordered) for (const name of [answer.Name, answer.ARN]) if (name) found.set(name + (answer.Selector ?? ''), outcomes.get(answer)!)
  const unselected = (reference: Reference) => {
    const answer = reference.selector ? withoutSelector(reference, answers, batch) : undefined
    return answer && outcomes.get(answer)
  }
  return new Map(
    batch.map(({ fetchKey, reference }) => {
      const name = nameOf(reference)
      const outcome =
        found.get(name) ??
        unselected(reference) ??
        (invalid.has(name)
          ? failed(
              'ParameterNotFound',
              reference.selector ? `no parameter ${reference.id} with version or label ${reference.selector.slice(1)}` : `no parameter ${name}`,
            )
          : failed('NotReturned', `GetParameters returned neither a value nor an error for ${name}`))
      return [fetchKey, outcome]
    }),
  )
}

async function getEachParameter(client: AwsClient, batch: readonly FetchRequest[], decrypt: boolean): Promise<Map<string, Outcome>> {
  return mergeResults(await Promise.all(batch.map((request) => getParameters(client, [request], decrypt))))
}

/** An answer without its list, or a parameter without name or value, would replace the last good record with a wrong one. */
class MalformedPage extends Error {}

/** Every page of GetParametersByPath, keyed relative to the path. */
async function getPath(client: AwsClient, reference: Reference): Promise<Outcome> {
  const path = reference.id
  const prefix = path === '/' ? '/' : `${path}/`
  const entries: Array<RawPath['entries'][number]> = []
  const input = { Path: path, Recursive: reference.options.recursive !== false, WithDecryption: decrypts(reference), MaxResults: PAGE_SIZE }
  const read = async (NextToken?: string) =>
    (await client.send(await command('ssm', 'GetParametersByPathCommand', { ...input, NextToken }))) as GetParametersByPathOutput
  const collect = (output: GetParametersByPathOutput) => {
    if (output.Parameters === undefined) throw new MalformedPage(`GetParametersByPath for ${path} answered without a Parameters list`)
    for (const { Name, Value, Type = 'String' } of output.Parameters) {
      if (Name === undefined || Value === undefined)
        throw new MalformedPage(`GetParametersByPath for ${path} answered with a parameter without its Name or Value`)
      entries.push({ name: Name.startsWith(prefix) ? Name.slice(prefix.length) : Name, value: Value, type: Type })
    }
  }
  try {
    if (await eachPage(read, collect)) return fetched<RawPath>({ kind: 'path', entries })
  } catch (error) {
    return error instanceof MalformedPage ? invalidResponse(error.message) : failureFromError(error)
  }
  return failed('TooManyPages', `GetParametersByPath for ${path} returned more than ${MAX_PAGES} pages`)
}

/**
 * SSM Parameter Store: every due name goes out in GetParameters calls of at most 10
 * (one group per `decrypt` setting), every path as one GetParametersByPath chain, all at once.
 */
export const fetchFromSsm: Source = withClient((client, requests) => {
  const parameters = requests.filter((request) => request.reference.kind === 'parameter')
  const paths = requests.filter((request) => request.reference.kind === 'path')
  const batches = [true, false].flatMap((decrypt) =>
    chunk(
      parameters.filter((request) => decrypts(request.reference) === decrypt),
      PARAMETERS_PER_CALL,
    ).map((batch) => getParameters(client, batch, decrypt)),
  )
  const pathResults = paths.map(async (request) => new Map([[request.fetchKey, await getPath(client, request.reference)]]))
  return Promise.all([...batches, ...pathResults])
})
