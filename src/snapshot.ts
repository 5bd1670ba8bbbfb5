/**
 * `middy-registry/snapshot`: the snapshot tier, registered up front, for a bundle whose
 * registry reads a snapshot (`registry({ snapshot: 's3://bucket/key', … })`). Run from
 * node_modules, the middleware finds it without this import.
 */
import { registerSnapshotTier } from './registry/snapshot-loader.js'
import { snapshotTier } from './registry/snapshot-tier.js'

registerSnapshotTier(snapshotTier)

export type { SnapshotDocument, SnapshotParameter } from './sources/ssm/snapshot.js'
