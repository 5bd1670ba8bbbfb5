import { type ApplyResult, applyPlan } from '../../write/engine/apply.js'
import type { Command } from '../command.js'
import { EXIT } from '../exit-codes.js'
import { aligned, emit } from '../output.js'
import { snapshotAfterApply } from './apply-snapshot.js'
import { prepare, REGISTRY_FILE_HELP, REGISTRY_FILE_OPTIONS, scrubbed } from './plan.js'

const DONE = { create: 'created', update: 'updated', tag: 'tagged' } as const

function appliedLines(result: ApplyResult, file: string): string[] {
  if (result.applied.length === 0) return [`Nothing to apply: ${result.source} already holds what ${file} says (${result.unchanged} entries unchanged).`]
  const rows = result.applied.map(({ kind, name, stage, action, version }): [string, string] => [
    DONE[action],
    `${kind} ${name} (${stage})${version === undefined ? '' : `  version ${version}`}`,
  ])
  return [`Applied ${file} to ${result.source}:`, ...aligned(rows), `${result.applied.length} applied, ${result.unchanged} unchanged.`]
}

export const applyCommand: Command = {
  name: 'apply',
  summary: 'write what a registry file says to AWS (SSM, Secrets Manager, DynamoDB)',
  options: { ...REGISTRY_FILE_OPTIONS, snapshot: { type: 'string' } },
  help: `Usage: middy-registry apply --file registry.yaml [--stage T] [options]

Plans as \`plan\` does, then writes every change: secrets first (CreateSecret, or
PutSecretValue for a new version; TagResource), then parameters (PutParameter with
Overwrite, a new version each; AddTagsToResource), then DynamoDB items (PutItem, each
item written whole). Prints the new versions. Nothing is ever deleted, and tags are
added or changed, never removed. Applying the same file again changes nothing.

Nothing is written while a declared secret or SecureString is missing from AWS. If a
write fails, the message lists what was already applied; applying again completes it.

Exit codes: 0 applied (or nothing to apply), 1 AWS could not be read or written, or a
declared entry is missing, 64 usage error, 65 invalid file or missing variable.

${REGISTRY_FILE_HELP}
  --snapshot s3://B/K        then rewrite the stage's snapshot in S3 (never a secret; docs/snapshot.md)`,

  async run(values, context) {
    const prepared = await prepare(values, context)
    const snapshot = snapshotAfterApply(values, prepared)
    const result = await applyPlan(prepared)
    const written = await snapshot?.()
    const lines = [
      ...appliedLines(result, prepared.file),
      ...(written ? [`Snapshot ${written.uri} (${written.stage}): ${written.parameters} parameters.`] : []),
    ]
    emit(context, scrubbed({ file: prepared.file, ...result, ...(written ? { snapshot: written } : {}) }, context.secrets), scrubbed(lines, context.secrets))
    return EXIT.OK
  },
}
