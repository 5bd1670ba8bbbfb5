import type { AwsClient } from '../../core/client-scope.js'
import { failed, failureFromError, fetched, type Outcome } from '../../core/outcome.js'
import type { FetchRequest } from '../../core/reference.js'
import { describeSecret, nextRotationOf } from './describe.js'

/** When a secret rotates next (epoch ms), or undefined when it has no schedule. */
async function nextRotation(client: AwsClient, id: string): Promise<number | undefined | Outcome> {
  try {
    const description = await describeSecret(client, id)
    return description ? nextRotationOf(description) : undefined
  } catch (error) {
    const failure = failureFromError(error)
    // Opting in to rotation and lacking secretsmanager:DescribeSecret is a deploy mistake: say so.
    return failed(failure.code, `DescribeSecret, needed for { rotation: true }, failed: ${failure.message}`)
  }
}

/** Rotation dates already known, by fetch key (from the DescribeSecret of a revalidation), so that they are not asked twice. */
export type KnownRotations = ReadonlyMap<string, number | undefined>

/**
 * For secrets declared with `{ rotation: true }`: reads each one's NextRotationDate in
 * parallel with its value (no extra round trip at cold start), so that its cache entry
 * also expires when the rotation is due.
 */
export async function withRotationDates(
  client: AwsClient,
  requests: readonly FetchRequest[],
  values: Promise<Map<string, Outcome>[]>,
  known: KnownRotations = new Map(),
): Promise<Map<string, Outcome>[]> {
  const rotating = requests.filter((request) => request.reference.options.rotation === true)
  if (rotating.length === 0) return values
  const dateOf = ({ fetchKey, reference }: FetchRequest) => (known.has(fetchKey) ? known.get(fetchKey) : nextRotation(client, reference.id))
  const [results, dates] = await Promise.all([values, Promise.all(rotating.map(dateOf))])
  const updates = new Map<string, Outcome>()
  rotating.forEach(({ fetchKey }, index) => {
    const outcome = results.find((result) => result.has(fetchKey))?.get(fetchKey)
    const date = dates[index]
    if (!outcome?.ok || outcome.raw.kind !== 'secret') return
    if (typeof date === 'object') updates.set(fetchKey, date)
    else if (date !== undefined) updates.set(fetchKey, fetched({ ...outcome.raw, validUntil: date }))
  })
  return [...results, updates]
}
