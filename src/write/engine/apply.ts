/**
 * `apply`: carries out a plan through the engine's one writer (see write.ts). Nothing is
 * written while a declared entry is missing, and a failure half-way says what was already
 * applied.
 */
import type { Action } from './compare.js'
import type { PlanStep, PreparedPlan } from './plan.js'
import { type Written, writeSteps } from './write.js'

/** One entry apply wrote, with the version it became. */
export interface AppliedEntry {
  readonly kind: 'parameter' | 'secret' | 'item'
  readonly name: string
  readonly stage: string
  readonly action: Exclude<Action, 'unchanged' | 'missing'>
  /** A parameter's new version number, or a secret's new version id; absent for tags and items. */
  readonly version?: number | string
}

export interface ApplyResult {
  readonly source: string
  readonly applied: readonly AppliedEntry[]
  readonly unchanged: number
}

/** Declared entries are missing in AWS: the file cannot be applied (exit 1). */
export class MissingEntriesError extends Error {
  override readonly name = 'MissingEntries'
  readonly code = 'MissingEntries'
}

export function missingError(steps: readonly PlanStep[]): MissingEntriesError | undefined {
  const missing = steps.filter(({ entry }) => entry.action === 'missing').map(({ entry }) => `${entry.kind} ${entry.name} (${entry.origin}: ${entry.reason})`)
  if (missing.length === 0) return undefined
  return new MissingEntriesError(`declared entries are not in AWS, and apply never writes them: ${missing.join('; ')}`)
}

const describeOne = ({ kind, name, version, untagged }: Written) => {
  const notes = [...(version === undefined ? [] : [`version ${version}`]), ...(untagged ? ['not tagged'] : [])]
  return `${kind} ${name}${notes.length === 0 ? '' : ` (${notes.join(', ')})`}`
}

function describeApplied(written: readonly Written[]): string {
  if (written.length === 0) return 'nothing was applied yet'
  return `already applied: ${written.map(describeOne).join(', ')}; applying again completes it`
}

/** Writes every change of the plan, in order; rejects before writing anything if a declared entry is missing. */
export async function applyPlan({ plan, steps, store }: PreparedPlan): Promise<ApplyResult> {
  const missing = missingError(steps)
  if (missing) throw missing
  const changes = steps
    .filter(({ entry }) => entry.action !== 'unchanged')
    .map(({ entry, desired, value, key }) => ({
      desired,
      name: entry.name,
      action: entry.action as AppliedEntry['action'],
      ...(value === undefined ? {} : { value }),
      ...(key === undefined ? {} : { key }),
    }))
  const written = await writeSteps(
    store,
    changes,
    describeApplied,
    steps.map(({ value }) => value),
  )
  const applied = written.map(({ kind, name, stage, action, version }) => ({ kind, name, stage, action, ...(version === undefined ? {} : { version }) }))
  return { source: plan.source, applied, unchanged: steps.length - changes.length }
}
