/**
 * `apply --snapshot s3://bucket/key`: after the writes, the stage's snapshot rewritten for
 * the folders of the parameters the file declares (docs/snapshot.md). A snapshot is one
 * stage's: the file must hold one, or `--stage` must name it.
 */
import { snapshotLocationOf } from '../../registry/snapshot-location.js'
import type { PreparedPlan } from '../../write/engine/plan.js'
import { pathsOf, snapshotPaths } from '../../write/engine/snapshot.js'
import { accessOf, stringOf, UsageError, type Values } from '../arguments.js'

/** What apply wrote to the snapshot. */
export interface SnapshotWritten {
  readonly uri: string
  readonly stage: string
  readonly parameters: number
}

/** The rewrite to run once the plan is applied; checked before anything is written. */
export function snapshotAfterApply(values: Values, { steps }: PreparedPlan): (() => Promise<SnapshotWritten>) | undefined {
  const uri = stringOf(values, 'snapshot')
  if (uri === undefined) return undefined
  const access = accessOf(values)
  if (access.local !== undefined) throw new UsageError('--snapshot writes to S3: it cannot go with --local')
  let location: ReturnType<typeof snapshotLocationOf>
  try {
    location = snapshotLocationOf(uri, '--snapshot')
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const stages = [...new Set(steps.map(({ entry }) => entry.stage))]
  const stage = stringOf(values, 'stage') ?? (stages.length === 1 ? stages[0] : undefined)
  if (stage === undefined)
    throw new UsageError(`--snapshot is one stage's: name it with --stage (the file has ${stages.length === 0 ? 'none' : stages.join(', ')})`)
  const names = steps.filter(({ entry }) => entry.kind === 'parameter' && entry.stage === stage).map(({ entry }) => entry.name)
  return async () => {
    const document = await snapshotPaths(access, location, stage, pathsOf(names))
    return { uri: `s3://${location.bucket}/${location.key}`, stage, parameters: Object.keys(document.parameters).length }
  }
}
