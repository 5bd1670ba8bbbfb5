/**
 * Reaches the snapshot tier (registry/snapshot-tier.ts) without bundling it: it reads S3,
 * and a function without the `snapshot` option should neither load nor ship the S3 SDK.
 * As for the local registry, the middleware loads it on first use with a specifier held
 * in a variable, which bundlers leave alone; a bundle that uses `snapshot` imports
 * `middy-registry/snapshot`, which registers it up front.
 */
import type { ClientScope } from '../core/client-scope.js'
import type { Source } from '../core/reference.js'
import type { SnapshotLocation } from './snapshot-location.js'

type SnapshotTierFactory = (location: SnapshotLocation, scope: ClientScope, source: Source) => Source

let registered: SnapshotTierFactory | undefined

/** Called by `middy-registry/snapshot`, so that a bundle holding it needs no module lookup. */
export function registerSnapshotTier(factory: SnapshotTierFactory): void {
  registered = factory
}

const TIER_MODULE = './snapshot-tier.js'

/**
 * The SSM source behind a snapshot, loaded the first time it fetches. A bundle without the
 * tier reads Parameter Store as if there were no snapshot: the snapshot only saves requests.
 */
export function lazySnapshotTier(location: SnapshotLocation, scope: ClientScope, source: Source): Source {
  let tier: Promise<Source> | undefined
  return async (requests, signal) => {
    tier ??= (registered ? Promise.resolve(registered) : import(TIER_MODULE).then((module) => (module as { snapshotTier: SnapshotTierFactory }).snapshotTier))
      .then((factory) => factory(location, scope, source))
      .catch(() => source)
    return (await tier)(requests, signal)
  }
}
