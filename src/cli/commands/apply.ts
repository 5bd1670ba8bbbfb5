import { type ApplyResult, applyPlan } from '../../write/engine/apply.js'
import type { Command } from '../command.js'
import { EXIT } from '../exit-codes.js'
import { aligned, emit } from '../output.js'
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
  options: REGISTRY_FILE_OPTIONS,
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

${REGISTRY_FILE_HELP}`,

  async run(values, context) {
    const prepared = await prepare(values, context)
    const result = await applyPlan(prepared)
    emit(context, scrubbed({ file: prepared.file, ...result }, context.secrets), scrubbed(appliedLines(result, prepared.file), context.secrets))
    return EXIT.OK
  },
}
