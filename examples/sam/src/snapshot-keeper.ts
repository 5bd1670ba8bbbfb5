/**
 * The snapshot keeper: EventBridge sends it Parameter Store's change events, and it keeps
 * the stage's snapshot (one S3 document of its non-secret parameters, read at cold start
 * in one request) in step with changes made outside the CLI. The template (and the CDK
 * stack) grants it exactly what it reads and writes.
 */
import { snapshotKeeper } from 'middy-registry/snapshot-keeper'

const stage = process.env.STAGE ?? 'dev'

export const handler = snapshotKeeper({
  snapshot: { bucket: process.env.SNAPSHOT_BUCKET ?? '', key: `${stage}/snapshot.json` },
  stage,
  paths: [`/orders/${stage}`, `/features/${stage}`],
})
