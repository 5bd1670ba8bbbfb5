/**
 * Reading a scenario's record for the assertions: what each invocation failed with, in a
 * shape that diffs well, and which keys, services and codes a fault should produce.
 */
import { expect } from '@jest/globals'
import { RegistryError, type RegistryFailure } from '../../../src/index.js'
import type { Invocation } from './harness.js'
import type { FaultService } from './proxy.js'
import type { ScenarioRun } from './scenario.js'

/** The declared keys, by the service that serves them. */
export const KEYS = {
  ssm: { key: 'url', source: 'ssm', id: '/svc/endpoint' },
  secretsmanager: { key: 'key', source: 'secretsmanager', id: 'svc/key' },
} as const

/** A failure as the library is getting it: `detail` is the SDK's own error name or errno code. */
export type Failure = RegistryFailure & { readonly detail?: string }

/** How an invocation ended, for toEqual: the RegistryError's failures (key order), or what else happened. */
export interface Outcome {
  readonly error: string
  readonly failures?: ReadonlyArray<Pick<RegistryFailure, 'key' | 'source' | 'id' | 'code'>>
}

export function outcomeOf(invocation: Invocation): Outcome {
  if (!invocation.settled) return { error: 'still pending at the guard' }
  if (invocation.ok) return { error: 'none' }
  const { error } = invocation
  if (!(error instanceof RegistryError)) return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }
  const failures = [...error.failures].sort((a, b) => a.key.localeCompare(b.key)).map(({ key, source, id, code }) => ({ key, source, id, code }))
  return { error: 'RegistryError', failures }
}

/** The failures of one invocation, [] when it resolved. */
export const failuresOf = (invocation: Invocation): readonly Failure[] =>
  invocation.error instanceof RegistryError ? (invocation.error.failures as readonly Failure[]) : []

/** Each distinct outcome once, so that a hundred alike invocations make one diff. */
export function distinctOutcomes(invocations: readonly Invocation[]): Outcome[] {
  const seen = new Map<string, Outcome>()
  for (const invocation of invocations) {
    const outcome = outcomeOf(invocation)
    seen.set(JSON.stringify(outcome), outcome)
  }
  return [...seen.values()]
}

/** Failed invocations, as outcomes: [] when every one resolved with the right values. */
export const failedOutcomes = (invocations: readonly Invocation[]) => distinctOutcomes(invocations.filter((invocation) => !invocation.ok))

/** The services a scenario's fault applied to. */
export const faultedServices = (run: ScenarioRun): FaultService[] => (run.service ? [run.service] : ['ssm', 'secretsmanager'])

/** Codes a fault may produce, per service. */
export type ExpectedCodes = Readonly<Record<FaultService, readonly string[]>>

export const sameCodes = (...codes: string[]): ExpectedCodes => ({ ssm: codes, secretsmanager: codes })

/** The RegistryError every invocation past maxStale must fail with. */
export function expectedPastMaxStale(run: ScenarioRun, codes: ExpectedCodes): Outcome {
  const failures = faultedServices(run)
    .map((service) => ({ ...KEYS[service], code: oneOf(codes[service]) as unknown as string }))
    .sort((a, b) => a.key.localeCompare(b.key))
  return { error: 'RegistryError', failures }
}

/** An asymmetric matcher, so that toEqual shows the received code beside the allowed ones. */
export const oneOf = (codes: readonly string[]) => expect.stringMatching(new RegExp(`^(${codes.join('|')})$`))
