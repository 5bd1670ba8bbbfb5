/**
 * Rewriting a stage's snapshot (docs/snapshot.md): read the document and its ETag, change
 * it, write it back only if it is still the one read; when another writer came between,
 * read it again and redo the change, a few times. `publish`, `apply` and the snapshot
 * keeper all write through here.
 */
import { posix } from 'node:path'
import { type SnapshotDocument, withParameter, withPaths } from '../../sources/ssm/snapshot.js'
import { sender } from '../store/aws/send.js'
import { readOneParameter, readSnapshotObject, readStageParameters, type SnapshotLocation, writeSnapshotObject } from '../store/aws/snapshot.js'
import { PublishError } from '../store/publish-error.js'
import type { RegistryAccess } from '../store/store.js'

export type { SnapshotLocation } from '../store/aws/snapshot.js'

/** How many times a rewrite is tried while other writers keep changing the document. */
export const SNAPSHOT_ATTEMPTS = 5

const uriOf = ({ bucket, key }: SnapshotLocation) => `s3://${bucket}/${key}`

/** Reads, changes and writes the document, conditionally on its ETag, again as long as another writer came between. */
async function rewrite(
  access: RegistryAccess,
  location: SnapshotLocation,
  change: (current: SnapshotDocument | undefined) => Promise<SnapshotDocument>,
): Promise<SnapshotDocument> {
  const send = sender(access)
  for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
    const { document, etag } = await readSnapshotObject(send, location)
    const next = await change(document)
    if (await writeSnapshotObject(send, location, next, etag)) return next
  }
  throw new PublishError('SnapshotConflict', `s3:PutObject on ${uriOf(location)}`, `other writers changed it ${SNAPSHOT_ATTEMPTS} times in a row; try again`)
}

function checkStage(location: SnapshotLocation, current: SnapshotDocument | undefined, stage: string): void {
  if (current && current.stage !== stage)
    throw new PublishError('SnapshotStageMismatch', `s3:PutObject on ${uriOf(location)}`, `it is the snapshot of stage ${current.stage}, not ${stage}`)
}

/** The folders of parameter names: the paths a snapshot refreshes after they are written (`/orders/prod/endpoint` → `/orders/prod`). */
export const pathsOf = (names: readonly string[]): string[] =>
  [...new Set(names.filter((name) => name.startsWith('/')).map((name) => posix.dirname(name)))].filter((path) => path !== '/')

/** The stage's snapshot with everything under `paths` read again from Parameter Store (never a SecureString's value). */
export function snapshotPaths(access: RegistryAccess, location: SnapshotLocation, stage: string, paths: readonly string[]): Promise<SnapshotDocument> {
  return rewrite(access, location, async (current) => {
    checkStage(location, current, stage)
    return withPaths(current, stage, paths, await readStageParameters(sender(access), paths))
  })
}

/** The snapshot with one parameter read again (gone once deleted), as a change event asks; a name outside its paths leaves it as it is. */
export function snapshotParameter(
  access: RegistryAccess,
  location: SnapshotLocation,
  stage: string,
  paths: readonly string[],
  name: string,
): Promise<SnapshotDocument> {
  return rewrite(access, location, async (current) => {
    checkStage(location, current, stage)
    // No document yet: one that lists the paths must account for all of them.
    if (!current) return withPaths(undefined, stage, paths, await readStageParameters(sender(access), paths))
    if (!current.paths.some((path) => name.startsWith(path === '/' ? '/' : `${path}/`))) return current
    return withParameter(current, name, await readOneParameter(sender(access), name))
  })
}
