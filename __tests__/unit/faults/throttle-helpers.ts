/** What the throttling specs share: a GetParameters mock that throttles, a context, and a clock driver. */
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { jest } from '@jest/globals'
import type { Context } from 'aws-lambda'
import type { RegistryEvent } from '../../../src/index.js'
import { awsError, getParametersFrom, lambdaContext } from '../helpers.js'
import { getParametersCalls, ssmMock } from '../mocks.js'

export const store = { '/orders/endpoint': { Value: 'https://orders.example.com' } }
export const withRemaining = (ms: number): Context => ({ ...lambdaContext(), getRemainingTimeInMillis: () => ms })

/** GetParameters fails with `error` for its first `failures` calls, then answers from the store. */
export function throttledFor(failures: number, error = awsError('ThrottlingException', 'Rate exceeded')) {
  ssmMock.on(GetParametersCommand).callsFake(async (input) => {
    if (getParametersCalls() <= failures) throw error
    return getParametersFrom(store)(input)
  })
}

/** Lets the clock run, turn by turn, until `promise` settles (or `limit` ms of fake time pass). */
export async function runUntilSettled<T>(promise: Promise<T>, limit = 60_000): Promise<{ result?: T; error?: unknown; waited: number }> {
  const started = Date.now()
  let settled = false
  const outcome = promise.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  )
  void outcome.then(() => (settled = true))
  while (!settled && Date.now() - started < limit) await jest.advanceTimersByTimeAsync(50)
  return { ...(await outcome), waited: Date.now() - started }
}

/**
 * GetParameters answered after `latencyMs`: throttled for its first `failures` calls, then
 * from the store. Each call's time since `started` is pushed to the returned list.
 */
export function slowThrottledFor(failures: number, latencyMs: number, started = Date.now()): number[] {
  const sentAt: number[] = []
  ssmMock.on(GetParametersCommand).callsFake(async (input) => {
    sentAt.push(Date.now() - started)
    const call = getParametersCalls()
    await new Promise((resolve) => setTimeout(resolve, latencyMs))
    if (call <= failures) throw awsError('ThrottlingException', 'Rate exceeded')
    return getParametersFrom(store)(input)
  })
  return sentAt
}

/** Events as `type code` lines, in order: what a spec compares. */
export const eventLines = (events: readonly RegistryEvent[]): string[] => events.map(({ type, code }) => `${type} ${code ?? ''}`.trim())
