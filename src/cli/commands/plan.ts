import { readRegistryFile } from '../../registry-file/read.js'
import { missingError } from '../../write/engine/apply.js'
import type { PlanEntry } from '../../write/engine/compare.js'
import { type PreparedPlan, planRegistry, type RegistryPlan } from '../../write/engine/plan.js'
import { redact } from '../../write/store/redact.js'
import { secretValuesOf } from '../../write/sync/secret-values.js'
import { AWS_ACCESS_OPTIONS, accessOf, OUTPUT_OPTIONS, required, stringOf, type Values } from '../arguments.js'
import type { Command } from '../command.js'
import { EXIT } from '../exit-codes.js'
import { type CommandContext, emit } from '../output.js'

/** The options of plan and apply: the file, a stage to keep to, and how to reach AWS. */
export const REGISTRY_FILE_OPTIONS = {
  file: { type: 'string' },
  stage: { type: 'string' },
  ...AWS_ACCESS_OPTIONS,
  ...OUTPUT_OPTIONS,
} as const

export const REGISTRY_FILE_HELP = `  --file FILE                the registry file (.json, or .yaml/.yml with the yaml package)
  --stage T                  only this stage of the file (default: every stage)
  --region REGION            the AWS Region (default: AWS_REGION or the SDK's configuration)
  --role-arn ARN             act through this role (e.g. a central account's registry)
  --external-id ID           the external id the role's trust policy requires
  --aws-endpoint-url URL     send AWS requests here (e.g. a local emulator)
  --json                     machine-readable output on stdout
  -h, --help                 this help`

/** Every string in a result with the secrets read so far replaced: nothing printed can carry one. */
export function scrubbed<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redact(value, secrets) as T
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, secrets)) as T
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, scrubbed(member, secrets)])) as T
  return value
}

/** Reads the file, gathers its secrets' values (kept for scrubbing), and compares it with AWS. */
export async function prepare(values: Values, context: CommandContext): Promise<PreparedPlan & { file: string }> {
  const file = required(values, 'file')
  const access = accessOf(values)
  const { entries } = await readRegistryFile(file, stringOf(values, 'stage'))
  const secrets = await secretValuesOf(entries, context.io.env, context.io.askSecret)
  context.secrets.push(...secrets.values())
  return { ...(await planRegistry(entries, secrets, access)), file }
}

function details(entry: PlanEntry): string {
  const parts: string[] = []
  if (entry.action === 'missing') parts.push(`(${entry.reason})`)
  if (entry.version !== undefined && entry.action === 'update') parts.push(`version ${entry.version} → ${entry.version + 1}`)
  if (entry.action === 'update' && entry.to !== undefined) parts.push(`${JSON.stringify(entry.from)} → ${JSON.stringify(entry.to)}`)
  if (entry.action === 'create' && entry.to !== undefined) parts.push(JSON.stringify(entry.to))
  // A secret's value is only ever said to change.
  if (entry.action === 'update' && (entry.kind === 'secret' || entry.type === 'SecureString')) parts.push('(new value)')
  if (entry.attributes?.length) parts.push(`attributes ${entry.attributes.join(', ')}`)
  if (entry.tags.length > 0) parts.push(`tags ${entry.tags.map(({ key, from, to }) => `${key}=${from === undefined ? '' : `${from}→`}${to}`).join(', ')}`)
  return parts.length === 0 ? '' : `  ${parts.join('  ')}`
}

const SUMMARY: Record<PlanEntry['action'], string> = { create: 'to create', update: 'to update', tag: 'to tag', unchanged: 'unchanged', missing: 'missing' }

export function planLines(plan: RegistryPlan, file: string): string[] {
  const lines = [`Plan for ${file} against ${plan.source}:`]
  for (const stage of [...new Set(plan.entries.map((entry) => entry.stage))]) {
    lines.push(`  stage ${stage}`)
    for (const entry of plan.entries.filter((candidate) => candidate.stage === stage)) {
      lines.push(`    ${entry.action.padEnd(9)}  ${entry.kind} ${entry.name}${details(entry)}`)
    }
  }
  const counts = Object.entries(SUMMARY).flatMap(([action, words]) => {
    const count = plan.entries.filter((entry) => entry.action === action).length
    return count === 0 ? [] : [`${count} ${words}`]
  })
  lines.push(
    plan.changes === 0 && plan.missing === 0 ? `No changes: AWS already holds what the file says (${plan.entries.length} entries).` : `${counts.join(', ')}.`,
  )
  return lines
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'show what applying a registry file would change (exit 2 when it would change something)',
  options: REGISTRY_FILE_OPTIONS,
  help: `Usage: middy-registry plan --file registry.yaml [--stage T] [options]

Compares the registry file with AWS, without writing, and lists each entry as create,
update (a new version), tag (only tags differ), unchanged, or missing (a declared secret
or SecureString that is not in AWS). Secret values are read from the variables the file
names (or asked at a terminal for { prompt: true }) and compared, never printed.

Exit codes: 0 nothing would change, 2 apply would change something, 1 AWS could not be
read or a declared entry is missing, 64 usage error, 65 invalid file or missing variable.

${REGISTRY_FILE_HELP}`,

  async run(values, context) {
    const { plan, steps, file } = await prepare(values, context)
    emit(context, scrubbed({ file, ...plan }, context.secrets), scrubbed(planLines(plan, file), context.secrets))
    const missing = missingError(steps)
    if (missing) throw missing
    return plan.changes > 0 ? EXIT.CHANGES : EXIT.OK
  },
}
