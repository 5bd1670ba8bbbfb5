import { sdk } from '#sdk/secrets-manager'
import { eachPage } from '../../aws/pagination.js'
import { command, registerSdk } from '../../aws/sdk.js'
import { withClient } from '../../aws/with-client.js'
import { onClearRegistryCache } from '../../cache/process-state.js'
import type { AwsClient } from '../../core/client-scope.js'
import { registerDecoder } from '../../core/decode.js'
import { mapLimited } from '../../core/limited.js'
import { chunk, failed, failureFromError, fetched, invalidResponse, type Outcome } from '../../core/outcome.js'
import type { FetchRequest, Reference, Source } from '../../core/reference.js'
import { failEach, mergeResults } from '../../core/source.js'
import { isThrottled } from '../../core/throttling.js'
import { decodeSecret, type RawSecret } from './payload.js'
import { askEach, forRevalidation, type Verdict } from './revalidate.js'
import { type KnownRotations, withRotationDates } from './rotation.js'

// This source's SDK client: loaded, and bundled, only where a declaration uses it.
registerSdk(sdk)
registerDecoder<RawSecret>('secret', decodeSecret)

/** BatchGetSecretValue takes at most 20 ids per call. */
export const SECRETS_PER_CALL = 20

// Scopes whose IAM policy allows GetSecretValue but not BatchGetSecretValue. Learnt once
// per process, so a denied batch costs one extra request, not one per resolution.
const batchDeniedScopes = new Set<string>()

interface SecretValue {
  ARN?: string
  Name?: string
  SecretString?: string
  SecretBinary?: Uint8Array
  VersionId?: string
}

interface BatchGetSecretValueOutput {
  SecretValues?: SecretValue[]
  Errors?: Array<{ SecretId?: string; ErrorCode?: string; Message?: string }>
  NextToken?: string
}

// A version holds one or the other; an answer with neither is not a value, and must not
// replace the last good one.
const toOutcome = (value: SecretValue, id: string): Outcome =>
  value.SecretString === undefined && value.SecretBinary === undefined
    ? invalidResponse(`Secrets Manager answered for ${id} with neither SecretString nor SecretBinary`)
    : fetched<RawSecret>({ kind: 'secret', string: value.SecretString, binary: value.SecretBinary, versionId: value.VersionId, readAt: Date.now() })

// BatchGetSecretValue only reads AWSCURRENT; a pinned secret needs GetSecretValue.
const isPinned = ({ options }: Reference) => options.versionId !== undefined || (options.versionStage !== undefined && options.versionStage !== 'AWSCURRENT')

async function getSecret(client: AwsClient, { fetchKey, reference }: FetchRequest): Promise<[string, Outcome]> {
  const input = { SecretId: reference.id, VersionStage: reference.options.versionStage, VersionId: reference.options.versionId }
  try {
    return [fetchKey, toOutcome((await client.send(await command('secretsmanager', 'GetSecretValueCommand', input))) as SecretValue, reference.id)]
  } catch (error) {
    return [fetchKey, failureFromError(error)]
  }
}

/**
 * GetSecretValue calls in flight at once per batch read one by one: its quota is 10,000 per
 * second, but a batch of 20 secrets must not become a burst of 20 requests per container.
 */
export const SECRETS_IN_PARALLEL = 10

const getEachSecret = async (client: AwsClient, batch: readonly FetchRequest[]) =>
  new Map(await mapLimited(batch, SECRETS_IN_PARALLEL, (request) => getSecret(client, request)))

// Secrets Manager ends every ARN with `-` and 6 random characters.
const ARN_SUFFIX_LENGTH = '-AbCdEf'.length

/**
 * An id may be a name, a full ARN or a partial ARN (without the random suffix). The
 * suffix length is checked: `…:secret:db` must not match `…:secret:db-prod-AbCdEf`.
 */
function matches(id: string, value: SecretValue): boolean {
  if (id === value.Name || id === value.ARN) return true
  const arn = value.ARN
  return id.startsWith('arn:') && arn !== undefined && arn.length === id.length + ARN_SUFFIX_LENGTH && arn.startsWith(`${id}-`)
}

async function batchGetSecrets(client: AwsClient, batch: readonly FetchRequest[], scopeKey: string): Promise<Map<string, Outcome>> {
  if (batchDeniedScopes.has(scopeKey)) return getEachSecret(client, batch)
  const ids = batch.map((request) => request.reference.id)
  const values: SecretValue[] = []
  const errors = new Map<string, Outcome>()
  let answered = false
  const read = async (NextToken?: string) =>
    (await client.send(await command('secretsmanager', 'BatchGetSecretValueCommand', { SecretIdList: ids, NextToken }))) as BatchGetSecretValueOutput
  const collect = (output: BatchGetSecretValueOutput) => {
    answered ||= output.SecretValues !== undefined || output.Errors !== undefined
    values.push(...(output.SecretValues ?? []))
    for (const { SecretId, ErrorCode, Message } of output.Errors ?? []) {
      if (SecretId) errors.set(SecretId, failed(ErrorCode ?? 'UnknownError', Message ?? `cannot read secret ${SecretId}`))
    }
  }
  try {
    // At most 20 ids: a server that never stops paging leaves them not returned, as failures.
    await eachPage(read, collect)
  } catch (error) {
    const failure = failureFromError(error)
    // BatchGetSecretValue's quota is 100 per second, GetSecretValue's 10,000: a throttled
    // batch is read one secret at a time, in the same fetch and under the same deadline.
    if (isThrottled(failure)) return getEachSecret(client, batch)
    if (failure.code !== 'AccessDeniedException') return failEach(batch, failure)
    batchDeniedScopes.add(scopeKey)
    return getEachSecret(client, batch)
  }
  // AWS always lists SecretValues or Errors: an answer with neither is not AWS's.
  if (!answered) return failEach(batch, invalidResponse('BatchGetSecretValue answered with neither SecretValues nor Errors'))
  const outcomes = new Map(
    batch.map(({ fetchKey, reference: { id } }) => {
      const value = values.find((candidate) => matches(id, candidate))
      const outcome = value
        ? toOutcome(value, id)
        : (errors.get(id) ?? failed('NotReturned', `BatchGetSecretValue returned neither a value nor an error for ${id}`))
      return [fetchKey, outcome]
    }),
  )
  // A secret shared with this account by its resource policy may be readable with
  // GetSecretValue even where the batch call, which resource policies do not open, is
  // refused; a secret the batch reports throttled is read on GetSecretValue's larger quota.
  const readAlone = batch.filter(({ fetchKey }) => {
    const outcome = outcomes.get(fetchKey)
    return outcome !== undefined && !outcome.ok && (outcome.code === 'AccessDeniedException' || isThrottled(outcome))
  })
  return readAlone.length === 0 ? outcomes : mergeResults([outcomes, await getEachSecret(client, readAlone)])
}

/**
 * Reads values: current versions go out in BatchGetSecretValue calls of at most 20 ids (a
 * lone secret uses GetSecretValue, whose quota is 100 times larger); pinned versions use
 * GetSecretValue each. All calls start at once, with DescribeSecret for secrets that follow
 * their rotation schedule (unless a revalidation already gave their date).
 */
function readSecrets(client: AwsClient, requests: readonly FetchRequest[], rotations?: KnownRotations): Promise<Map<string, Outcome>[]> {
  if (requests.length === 0) return Promise.resolve([])
  const pinned = requests.filter((request) => isPinned(request.reference))
  const current = requests.filter((request) => !isPinned(request.reference))
  const scopeKey = requests[0]!.scope.key
  const batches =
    current.length === 1 ? [getEachSecret(client, current)] : chunk(current, SECRETS_PER_CALL).map((batch) => batchGetSecrets(client, batch, scopeKey))
  return withRotationDates(client, requests, Promise.all([getEachSecret(client, pinned), ...batches]), rotations)
}

const settledOf = (verdicts: readonly Verdict[]) => new Map(verdicts.flatMap(({ request, settled }) => (settled ? [[request.fetchKey, settled] as const] : [])))
const rotationsOf = (verdicts: readonly Verdict[]): KnownRotations =>
  new Map(verdicts.flatMap(({ request, rotation }) => (rotation ? [[request.fetchKey, rotation.next] as const] : [])))

/**
 * AWS Secrets Manager. A secret with a cached value is first asked about with DescribeSecret,
 * one call per secret, all at once; those whose version moved are then read together, in as
 * few calls as a first read. Secrets with nothing cached, or due a full read, are read at
 * once, alongside the questions.
 */
export const fetchFromSecretsManager: Source = withClient(async (client, requests) => {
  const { probe, read } = forRevalidation(requests, Date.now())
  const [values, verdicts] = await Promise.all([readSecrets(client, read), askEach(client, probe)])
  // Moved, or not vouched for: read, together.
  const unsettled = verdicts.filter((verdict) => verdict.settled === undefined)
  const reread = await readSecrets(
    client,
    unsettled.map(({ request }) => request),
    rotationsOf(unsettled),
  )
  return [settledOf(verdicts), ...values, ...reread]
})

// clearRegistryCache() forgets what this process learnt about denied batch calls.
onClearRegistryCache(() => batchDeniedScopes.clear())
