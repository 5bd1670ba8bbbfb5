/**
 * `middy-registry/snapshot-keeper`: the Lambda handler that keeps a stage's snapshot in
 * step with changes made outside the CLI (the console, another tool). EventBridge sends it
 * Parameter Store's change events; for a parameter under the stage's paths it reads that
 * parameter again (never decrypted: a SecureString is only named) and rewrites the
 * document conditionally on its ETag (docs/snapshot.md).
 */
import { describeValue } from '../../core/describe.js'
import { PublishInputError } from '../../core/problem.js'
import type { AssumeRoleOptions } from '../../core/role.js'
import { isObject } from '../../core/values.js'
import type { SnapshotOption } from '../../registry/snapshot-location.js'
import { snapshotParameter } from '../engine/snapshot.js'
import { checkAccess, checkSnapshot } from './validate.js'

export interface SnapshotKeeperOptions {
  /** Where the stage's snapshot is: `s3://bucket/key` or `{ bucket, key }`. */
  snapshot: SnapshotOption
  /** The stage it is the snapshot of. */
  stage: string
  /** The paths it accounts for (`/orders/prod`, …): changes elsewhere are ignored. */
  paths: readonly string[]
  /** Options of the SDK clients (region, endpoint, credentials…). */
  awsClientOptions?: Record<string, unknown>
  /** Read and write through this role, e.g. a central account's registry. */
  assumeRole?: AssumeRoleOptions
}

/** EventBridge's event for a change in Parameter Store (`detail-type: Parameter Store Change`). */
export interface ParameterStoreChangeEvent {
  readonly 'detail-type'?: string
  readonly source?: string
  readonly detail?: { readonly name?: string; readonly operation?: string; readonly type?: string }
}

/** What the keeper did with one event. */
export type KeeperResult =
  | { readonly rewritten: true; readonly name: string; readonly operation: string; readonly parameters: number }
  | { readonly rewritten: false; readonly reason: string }

const CALLER = 'snapshotKeeper()'

function checkPaths(paths: unknown): string[] {
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((path) => typeof path === 'string' && path.startsWith('/')))
    throw new PublishInputError(`${CALLER}: option "paths" must be a non-empty list of paths starting with "/", got ${describeValue(paths)}`)
  return paths.map((path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path))
}

const under = (paths: readonly string[], name: string) => paths.some((path) => path === '/' || name.startsWith(`${path}/`))

/**
 * A Lambda handler for Parameter Store change events (EventBridge: source `aws.ssm`,
 * detail-type `Parameter Store Change`) that rewrites the stage's snapshot. Its options
 * are checked when it is created, at the function's init.
 */
export function snapshotKeeper(options: SnapshotKeeperOptions): (event: ParameterStoreChangeEvent) => Promise<KeeperResult> {
  if (!isObject(options)) throw new PublishInputError(`${CALLER}: expects an options object like { snapshot, stage, paths }`)
  const access = checkAccess(CALLER, { awsClientOptions: options.awsClientOptions, assumeRole: options.assumeRole })
  const location = checkSnapshot(CALLER, options.snapshot, access)
  if (!location) throw new PublishInputError(`${CALLER}: option "snapshot" is required: s3://bucket/key or { bucket, key }`)
  if (typeof options.stage !== 'string' || options.stage === '') throw new PublishInputError(`${CALLER}: option "stage" must be a non-empty string`)
  const paths = checkPaths(options.paths)
  return async (event) => {
    const name = event?.detail?.name
    if (event?.['detail-type'] !== 'Parameter Store Change' || typeof name !== 'string')
      return { rewritten: false, reason: 'not a Parameter Store change event' }
    if (!under(paths, name)) return { rewritten: false, reason: `${name} is not under the snapshot's paths` }
    const document = await snapshotParameter(access, location, options.stage, paths, name)
    return { rewritten: true, name, operation: event.detail?.operation ?? 'unknown', parameters: Object.keys(document.parameters).length }
  }
}
