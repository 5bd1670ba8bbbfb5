/**
 * One fault scenario: warm the cache with the registry healthy, switch the proxy to a
 * fault, invoke every INTERVAL_MS until well past maxStale, switch back to `pass` and
 * invoke until the values resolve again. Invocations are serial, as in one Lambda
 * execution environment. Everything is recorded; the tests judge the record.
 */
import { clearRegistryCache } from '../../../src/index.js'
import { CACHE_EXPIRY, type DeadlineOptions, type Harness, type Invocation, MAX_STALE, type Subject, type SubjectFactory } from './harness.js'
import type { FaultMode, FaultService, FaultSetting, ProxiedRequest } from './proxy.js'

export const INTERVAL_MS = 20
/** How long the scenario keeps invoking once every value is surely past maxStale. */
export const PAST_WINDOW_MS = 500
/** Kept clear on both sides of the maxStale boundary, so no invocation is judged by the wrong side. */
export const EDGE_MS = 100
/** Past maxStale, at least this many invocations, however long some of them wait. */
export const MIN_PAST_INVOCATIONS = 8
/** The longest wait for recovery: above the backoff interval a batch can have reached. */
export const RECOVERY_BOUND_MS = 9_000
// Hard stops, so that a library that misbehaves still ends the scenario.
const MAX_INVOCATIONS = 1_000
const MAX_PAST_MS = 5_000

export interface ScenarioOptions {
  readonly fault: FaultSetting
  readonly deadlines?: DeadlineOptions
}

export interface ScenarioRun<S extends Subject = Subject> {
  readonly mode: FaultMode
  /** The service the fault applied to; undefined: both. */
  readonly service?: FaultService
  /** Invocations started before this were within maxStale of the warm-up's values. */
  readonly withinUntil: number
  /** Invocations started from this on were past maxStale (had no fresher value been fetched). */
  readonly pastFrom: number
  /** When the proxy went back to `pass`. */
  readonly passAt: number
  /** The first invocation after `passAt` that resolved both values; undefined: none did. */
  readonly recoveredAt?: number
  readonly invocations: readonly Invocation[]
  readonly recovery: readonly Invocation[]
  /** Every request the proxy saw from the fault's start to the end of the recovery. */
  readonly requests: readonly ProxiedRequest[]
  readonly unhandledRejections: number
  /** Where the secret value was seen (errors, events, contexts, stats(), process.env); must be empty. */
  readonly leaks: readonly string[]
  readonly subject: S
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Invokes every INTERVAL_MS while `more()` and before `hardStop`, each after the previous one settled. */
async function invokeWhile(subject: Subject, more: (invocations: readonly Invocation[]) => boolean, hardStop: number): Promise<Invocation[]> {
  const invocations: Invocation[] = []
  while (more(invocations) && Date.now() < hardStop && invocations.length < MAX_INVOCATIONS) {
    invocations.push(await subject.invoke())
    await sleep(INTERVAL_MS)
  }
  return invocations
}

/** Invokes until PAST_WINDOW_MS after `pastFrom`, with at least MIN_PAST_INVOCATIONS from `pastFrom` on. */
function throughMaxStale(subject: Subject, pastFrom: number): Promise<Invocation[]> {
  const pastCount = (invocations: readonly Invocation[]) => invocations.filter((invocation) => invocation.startedAt >= pastFrom).length
  const more = (invocations: readonly Invocation[]) => Date.now() < pastFrom + PAST_WINDOW_MS || pastCount(invocations) < MIN_PAST_INVOCATIONS
  return invokeWhile(subject, more, pastFrom + MAX_PAST_MS)
}

/** Runs one scenario on the subject `subjectOf` builds, from an empty cache; rejects only if the healthy warm-up fails. */
export async function runScenario<S extends Subject>(
  harness: Harness,
  { fault, deadlines }: ScenarioOptions,
  subjectOf: SubjectFactory<S>,
): Promise<ScenarioRun<S>> {
  clearRegistryCache()
  harness.proxy.reset()
  const rejectionsBefore = harness.unhandledRejections()
  const leaksBefore = harness.leaks.found.length
  const subject = subjectOf(harness, deadlines)
  let observed: Observed
  try {
    observed = await observe(harness, subject, fault)
  } finally {
    // Even after a failed warm-up: a library's timers must not reach the next scenario.
    await subject.finish()
  }
  harness.leaks.scan('process.env', JSON.stringify(process.env))
  return {
    ...observed,
    unhandledRejections: harness.unhandledRejections() - rejectionsBefore,
    leaks: harness.leaks.found.slice(leaksBefore),
    subject,
  }
}

type Observed = Omit<ScenarioRun, 'unhandledRejections' | 'leaks' | 'subject'>

/** Warm-up, fault, recovery: the invocations and the requests the proxy saw meanwhile. */
async function observe(harness: Harness, subject: Subject, fault: FaultSetting): Promise<Observed> {
  const warmStartedAt = Date.now()
  const warm = await subject.invoke()
  if (!warm.ok) throw new Error(`the warm-up through a healthy proxy failed: ${String(warm.error)}`)
  const lastGoodUntil = { earliest: warmStartedAt + CACHE_EXPIRY + MAX_STALE, latest: warm.settledAt + CACHE_EXPIRY + MAX_STALE }
  const requestsBefore = harness.proxy.counts().total

  harness.proxy.set(fault)
  const pastFrom = lastGoodUntil.latest + EDGE_MS
  const invocations = await throughMaxStale(subject, pastFrom)
  harness.proxy.set('pass')
  const passAt = Date.now()
  const recovery = await invokeWhile(subject, (sofar) => !sofar.at(-1)?.ok, passAt + RECOVERY_BOUND_MS)
  // A turn for any rejection nobody handled to be reported.
  await sleep(INTERVAL_MS)
  return {
    mode: fault.mode,
    service: fault.service,
    withinUntil: lastGoodUntil.earliest - EDGE_MS,
    pastFrom,
    passAt,
    recoveredAt: recovery.find((invocation) => invocation.ok)?.startedAt,
    invocations,
    recovery,
    requests: harness.proxy.counts().requests.slice(requestsBefore),
  }
}

export const withinMaxStale = (run: ScenarioRun) => run.invocations.filter((invocation) => invocation.startedAt < run.withinUntil)

export const pastMaxStale = (run: ScenarioRun) => run.invocations.filter((invocation) => invocation.startedAt >= run.pastFrom)

/** Requests of one service the proxy saw in [from, to). */
export const requestsOf = (run: ScenarioRun, service: FaultService, from = 0, to = Infinity) =>
  run.requests.filter((request) => request.service === service && request.at >= from && request.at < to)

/** Requests of one service that were in flight at some moment of [from, to]. */
export const inFlightDuring = (run: ScenarioRun, service: FaultService, from: number, to: number) =>
  run.requests.filter((request) => request.service === service && request.at <= to && (request.endedAt ?? Infinity) >= from)

/** When the last invocation of the fault phase ended: the past-maxStale window is [pastFrom, this). */
export const faultEndedAt = (run: ScenarioRun) => run.invocations.at(-1)?.settledAt ?? run.passAt

/** Settled minus started, in ms. */
export const latencyOf = (invocation: Invocation) => invocation.settledAt - invocation.startedAt
