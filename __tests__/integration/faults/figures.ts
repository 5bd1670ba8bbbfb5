/**
 * The figures of one fault scenario, for docs/reliability.md: how many invocations failed
 * while a stale value could still be served and after it could not, the busiest second the
 * registry saw, and the p99 invocation latency.
 */
import { latencyOf, pastMaxStale, type ScenarioRun, withinMaxStale } from './scenario.js'

export interface FaultFigures {
  /** The subject's library: middy-registry, or the Middy anchor (anchor.ts). */
  readonly library: string
  /** The mode, with `(ssm)` or `(secretsmanager)` when the fault applied to one service. */
  readonly fault: string
  readonly failedWithinMaxStale: number
  readonly invocationsWithinMaxStale: number
  readonly failedPastMaxStale: number
  readonly invocationsPastMaxStale: number
  /** Most requests the proxy saw in any one-second window (sliding, not calendar seconds). */
  readonly peakRequestsPerSecond: number
  /** Over the invocations of the fault phase; one still pending at the harness's guard counts as the guard's wait. */
  readonly p99LatencyMs: number
  /** Invocations of the fault phase still pending at the guard. */
  readonly unsettled: number
  /** From the registry's return to the first invocation that resolved every value; undefined: none did. */
  readonly recoveredAfterMs?: number
}

/** The q-quantile (0..1) of a list of numbers, nearest rank; 0 for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

/** Most timestamps within any window of `windowMs`. */
export function peakPerWindow(timestamps: readonly number[], windowMs = 1_000): number {
  const sorted = [...timestamps].sort((a, b) => a - b)
  let peak = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++
    peak = Math.max(peak, end - start + 1)
  }
  return peak
}

export function faultFigures(run: ScenarioRun): FaultFigures {
  const within = withinMaxStale(run)
  const past = pastMaxStale(run)
  return {
    library: run.subject.library,
    fault: run.service ? `${run.mode} (${run.service})` : run.mode,
    failedWithinMaxStale: within.filter((invocation) => !invocation.ok).length,
    invocationsWithinMaxStale: within.length,
    failedPastMaxStale: past.filter((invocation) => !invocation.ok).length,
    invocationsPastMaxStale: past.length,
    peakRequestsPerSecond: peakPerWindow(run.requests.map((request) => request.at)),
    p99LatencyMs: quantile(run.invocations.map(latencyOf), 0.99),
    unsettled: run.invocations.filter((invocation) => !invocation.settled).length,
    recoveredAfterMs: run.recoveredAt === undefined ? undefined : Math.max(0, run.recoveredAt - run.passAt),
  }
}

const p99Cell = (row: FaultFigures) => (row.unsettled > 0 ? `≥ ${row.p99LatencyMs} ms (${row.unsettled} still waiting at the guard)` : `${row.p99LatencyMs} ms`)

/** A Markdown table of several scenarios' figures, one row per fault and library. */
export function figuresTable(rows: readonly FaultFigures[]): string {
  const lines = [
    '| fault | library | failed within maxStale | failed past maxStale | peak requests/s | p99 invocation | values back after |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.fault} | ${row.library} | ${row.failedWithinMaxStale} / ${row.invocationsWithinMaxStale} | ${row.failedPastMaxStale} / ${row.invocationsPastMaxStale} | ${row.peakRequestsPerSecond} | ${p99Cell(row)} | ${row.recoveredAfterMs === undefined ? 'never' : `${row.recoveredAfterMs} ms`} |`,
    ),
  ]
  return lines.join('\n')
}
