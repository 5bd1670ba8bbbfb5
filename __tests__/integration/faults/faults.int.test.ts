/** @jest-environment ./__tests__/integration/faults/environment.mjs */
/**
 * The registry through outages: real SDK clients, a real middy handler, moto behind a
 * proxy that injects one fault at a time. Each scenario warms the cache, turns the fault
 * on, invokes every 20 ms until well past maxStale, turns it off and invokes until the
 * values are back (see scenario.ts). Assertions count invocations and requests; the only
 * time bound is the invocation's own Lambda deadline.
 *
 * Set FAULT_FIGURES_FILE to a path to get the per-fault figures table (figures.ts) there
 * (`npm run figures:faults`); the same faults are then also run through @middy/ssm +
 * @middy/secrets-manager (anchor.ts) for comparison, with no assertion about them.
 */

import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { clearRegistryCache } from '../../../src/index.js'
import { motoEndpoint } from '../helpers.js'
import { middySubjectOf } from './anchor.js'
import { faultFigures, figuresTable } from './figures.js'
import { type DeadlineOptions, type Harness, REMAINING_MS, type RegistrySubject, seedMoto, startHarness, subjectOf } from './harness.js'
import {
  distinctOutcomes,
  type ExpectedCodes,
  expectedPastMaxStale,
  failedOutcomes,
  failuresOf,
  faultedServices,
  KEYS,
  oneOf,
  outcomeOf,
  sameCodes,
} from './judge.js'
import type { FaultSetting } from './proxy.js'
import { faultEndedAt, inFlightDuring, latencyOf, pastMaxStale, requestsOf, runScenario, type ScenarioRun, withinMaxStale } from './scenario.js'

const SCENARIO_TIMEOUT_MS = 60_000
/** The shortest first backoff: a failed batch waits 0.5 to 1 s, then twice as long each time. */
const FIRST_BACKOFF_MS = 500
/** What a fail-fast message says about the next try. */
const NEXT_TRY = /failed fetch(es)? in a row; next try in \d+ ms/
/** With these, a hung fetch ends at 500 ms, and a blocking one 500 ms before the deadline. */
const HUNG_DEADLINES: DeadlineOptions = { requestTimeout: 500, timeoutMargin: 500 }
// A 5xx whose body is not AWS's JSON is a ServerError, not the JavaScript parser's SyntaxError.
const SERVER_ERROR = ['ServerError']
const SLOW: FaultSetting = { mode: 'latency', latencyMs: 300 }
const FIGURES_FILE = process.env.FAULT_FIGURES_FILE

interface FaultCase {
  readonly title: string
  readonly fault: FaultSetting
  readonly codes: ExpectedCodes
  readonly deadlines?: DeadlineOptions
  /** What a failure's `detail` (the SDK's error name or errno code) should show. */
  readonly detail?: RegExp
}

const CASES: readonly FaultCase[] = [
  { title: 'no answer at all', fault: { mode: 'hang' }, codes: sameCodes('Timeout'), deadlines: HUNG_DEADLINES },
  { title: 'HTTP 500 with an HTML body', fault: { mode: 'http500' }, codes: sameCodes(...SERVER_ERROR) },
  { title: 'HTTP 503 with a text body', fault: { mode: 'http503' }, codes: sameCodes(...SERVER_ERROR) },
  { title: 'ThrottlingException', fault: { mode: 'throttle' }, codes: sameCodes('ThrottlingException') },
  { title: 'connection resets', fault: { mode: 'reset' }, codes: sameCodes('NetworkError'), detail: /TimeoutError ECONNRESET/ },
  // Half a good answer, then the connection closes: the connection is to blame.
  { title: 'answers cut off halfway', fault: { mode: 'truncated' }, codes: sameCodes('NetworkError'), detail: /ECONNRESET/ },
  { title: 'a 200 that is not JSON', fault: { mode: 'garbage' }, codes: sameCodes('InvalidResponse') },
  { title: 'a 200 HTML page', fault: { mode: 'html' }, codes: sameCodes('InvalidResponse') },
  { title: 'a 200 that carries no value', fault: { mode: 'empty200' }, codes: sameCodes('InvalidResponse') },
  { title: 'ThrottlingException from SSM only', fault: { mode: 'throttle', service: 'ssm' }, codes: sameCodes('ThrottlingException') },
]

let harness: Harness
const runs = new Map<string, ScenarioRun>()
/** The Middy anchor's runs, by the same titles. */
const anchorRuns = new Map<string, ScenarioRun>()

beforeAll(async () => {
  await seedMoto()
  harness = await startHarness(motoEndpoint())
})

afterAll(async () => {
  await harness.close()
  if (!FIGURES_FILE) return
  // Per fault, middy-registry's row, then the anchor's.
  const rows = [...runs].flatMap(([title, run]) => [run, anchorRuns.get(title)]).filter((run) => run !== undefined)
  writeFileSync(FIGURES_FILE, `${figuresTable(rows.map(faultFigures))}\n`)
})

describe.each(CASES)('the registry answering with $title', ({ title, fault, codes, deadlines }) => {
  let run: ScenarioRun
  // Generous: a library that hangs makes each invocation wait for the harness's guard.
  beforeAll(async () => {
    run = await runScenario(harness, { fault, deadlines }, subjectOf)
    runs.set(title, run)
  }, SCENARIO_TIMEOUT_MS)

  it('serves the last good values to every invocation within maxStale', () => {
    const within = withinMaxStale(run)
    // Enough to have crossed the expiry and seen refreshes fail.
    expect(within.length).toBeGreaterThanOrEqual(20)
    expect(failedOutcomes(within)).toEqual([])
  })

  it('past maxStale, fails every invocation with one RegistryError naming key, source, id and code', () => {
    const past = pastMaxStale(run)
    expect(past.length).toBeGreaterThanOrEqual(5)
    const expected = expectedPastMaxStale(run, codes)
    for (const outcome of distinctOutcomes(past)) expect(outcome).toEqual(expected)
  })

  it('past maxStale, sends each failing batch at most one probe per backoff interval', () => {
    const end = faultEndedAt(run)
    const bound = Math.floor((end - run.pastFrom) / FIRST_BACKOFF_MS) + 2
    const sent = faultedServices(run).map((service) => ({ service, requests: requestsOf(run, service, run.pastFrom, end).length }))
    expect({ bound, over: sent.filter(({ requests }) => requests > bound) }).toEqual({ bound, over: [] })
  })

  it('while a batch backs off, fails fast with its last code and says when it tries next', () => {
    const services = faultedServices(run)
    // Fail-fast invocations: no request of a failing batch was in flight while they ran
    // (one that joins a probe under way fails with the probe's own error instead).
    const quiet = pastMaxStale(run).filter((invocation) =>
      services.every((service) => inFlightDuring(run, service, invocation.startedAt, invocation.settledAt).length === 0),
    )
    expect(quiet.length).toBeGreaterThan(0)
    for (const service of services) {
      const failures = quiet.flatMap(failuresOf).filter((failure) => failure.key === KEYS[service].key)
      const distinct = new Map(failures.map(({ code, message }) => [`${code} ${message}`, { code, message }]))
      for (const failure of distinct.values()) expect(failure).toEqual({ code: oneOf(codes[service]), message: expect.stringMatching(NEXT_TRY) })
    }
  })

  it('resolves the values again with the first probe once the registry is back', () => {
    expect(run.recoveredAt).toBeDefined()
    for (const service of faultedServices(run)) {
      const probe = requestsOf(run, service, run.passAt)[0]
      expect(probe).toBeDefined()
      // Past maxStale the invocation that sends a probe waits for it, and invocations are
      // serial: any that starts after the probe was sent sees its answer.
      const after = run.recovery.filter((invocation) => invocation.startedAt > probe!.at)
      const stillFailing = after.filter((invocation) => failuresOf(invocation).some((failure) => failure.key === KEYS[service].key))
      expect(distinctOutcomes(stillFailing)).toEqual([])
    }
  })

  it('settles every invocation before its Lambda deadline', () => {
    const late = [...run.invocations, ...run.recovery].filter((invocation) => !invocation.settled || latencyOf(invocation) >= REMAINING_MS)
    expect(late.map((invocation) => ({ ms: latencyOf(invocation), ...outcomeOf(invocation) }))).toEqual([])
  })

  it('never shows the secret value in errors, events, contexts, stats() or process.env', () => {
    expect(run.leaks).toEqual([])
  })

  it('leaves no rejection unhandled', () => {
    expect(run.unhandledRejections).toBe(0)
  })
})

describe.each(CASES.filter((fault) => fault.detail))('the registry answering with $title, past maxStale', ({ title, detail }) => {
  it("keeps the SDK's own error name or errno code in each failure's detail", () => {
    const run = runs.get(title)!
    const failures = pastMaxStale(run).flatMap(failuresOf)
    expect(failures.length).toBeGreaterThan(0)
    expect(failures.filter((failure) => !detail!.test(failure.detail ?? '')).map(({ key, code, detail }) => ({ key, code, detail }))).toEqual([])
  })
})

describe('a slow registry (300 ms added to every answer)', () => {
  let run: ScenarioRun<RegistrySubject>
  beforeAll(async () => {
    run = await runScenario(harness, { fault: SLOW }, subjectOf)
    runs.set('latency', run)
  }, SCENARIO_TIMEOUT_MS)

  it('fails no invocation, within maxStale or past it', () => {
    expect(failedOutcomes([...run.invocations, ...run.recovery])).toEqual([])
  })

  it('makes no invocation wait for it: after the warm-up, every value is a hit or served stale', () => {
    const waited = run.subject.events.filter((event) => event.type === 'miss')
    // The warm-up's two misses, and none after.
    expect(waited.map(({ key }) => key).sort()).toEqual(['key', 'url'])
  })

  it('never shows the secret value, and leaves no rejection unhandled', () => {
    expect({ leaks: run.leaks, unhandledRejections: run.unhandledRejections }).toEqual({ leaks: [], unhandledRejections: 0 })
  })
})

describe('a registry that never answers, with nothing cached', () => {
  beforeAll(() => {
    clearRegistryCache()
    harness.proxy.reset()
  })

  afterAll(() => harness.proxy.reset())

  it('fails a cold invocation with Timeout before the Lambda deadline, timeoutMargin ahead of it', async () => {
    harness.proxy.set('hang')
    const invocation = await subjectOf(harness, { requestTimeout: 10_000, timeoutMargin: 500 }).invoke()
    expect(latencyOf(invocation)).toBeLessThan(REMAINING_MS)
    expect(outcomeOf(invocation)).toEqual({
      error: 'RegistryError',
      failures: [
        { ...KEYS.secretsmanager, code: 'Timeout' },
        { ...KEYS.ssm, code: 'Timeout' },
      ],
    })
  })

  it('ends each fetch at requestTimeout, well before the deadline', async () => {
    clearRegistryCache()
    harness.proxy.set('hang')
    const invocation = await subjectOf(harness, { requestTimeout: 300, timeoutMargin: 500 }).invoke()
    // The margin would end the wait at REMAINING_MS - 500: ending sooner shows requestTimeout did.
    expect(latencyOf(invocation)).toBeLessThan(REMAINING_MS - 500)
    expect(outcomeOf(invocation)).toEqual({
      error: 'RegistryError',
      failures: [
        { ...KEYS.secretsmanager, code: 'Timeout' },
        { ...KEYS.ssm, code: 'Timeout' },
      ],
    })
  })
})

// Last, so that no assertion above runs while the anchor's timers or rejections are about.
if (FIGURES_FILE) {
  describe('for the figures only: the same faults through @middy/ssm + @middy/secrets-manager', () => {
    const faults = [...CASES.map(({ title, fault }) => ({ title, fault })), { title: 'latency', fault: SLOW }]
    it.each(faults)(
      'runs $title',
      async ({ title, fault }) => {
        anchorRuns.set(title, await runScenario(harness, { fault }, middySubjectOf))
      },
      SCENARIO_TIMEOUT_MS,
    )
  })
}
