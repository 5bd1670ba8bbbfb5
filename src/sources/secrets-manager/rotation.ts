import { command } from '../../aws/sdk.js'
import type { AwsClient } from '../../core/client-scope.js'
import { failed, failureFromError, fetched, type Outcome } from '../../core/outcome.js'
import type { FetchRequest } from '../../core/reference.js'

interface DescribeSecretOutput {
  RotationEnabled?: boolean
  NextRotationDate?: Date
}

/** When a secret rotates next (epoch ms), or undefined when it has no schedule. */
async function nextRotation(client: AwsClient, id: string): Promise<number | undefined | Outcome> {
  try {
    const output = (await client.send(await command('secretsmanager', 'DescribeSecretCommand', { SecretId: id }))) as DescribeSecretOutput
    return output.RotationEnabled === false ? undefined : output.NextRotationDate?.getTime()
  } catch (error) {
    const failure = failureFromError(error)
    // Opting in to rotation and lacking secretsmanager:DescribeSecret is a deploy mistake: say so.
    return failed(failure.code, `DescribeSecret, needed for { rotation: true }, failed: ${failure.message}`)
  }
}

/**
 * For secrets declared with `{ rotation: true }`: reads each one's NextRotationDate in
 * parallel with its value (no extra round trip at cold start), so that its cache entry
 * also expires when the rotation is due.
 */
export async function withRotationDates(
  client: AwsClient,
  requests: readonly FetchRequest[],
  values: Promise<Map<string, Outcome>[]>,
): Promise<Map<string, Outcome>[]> {
  const rotating = requests.filter((request) => request.reference.options.rotation === true)
  if (rotating.length === 0) return values
  const [results, dates] = await Promise.all([values, Promise.all(rotating.map((request) => nextRotation(client, request.reference.id)))])
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
