/**
 * `apply`: carries out a plan. Secrets are written first, so that callers sent to a new
 * endpoint find its API key already in place; then parameters (each a new version, then
 * tagged); then DynamoDB items, each written whole. Nothing is written while a declared
 * entry is missing, and a failure half-way says what was already applied.
 */
import { type Send, sender, tagList, tagParameter, writeApiKey } from '../publish/aws-target.js'
import { PublishError, publishErrorOf, redact } from '../publish/publish-error.js'
import type { RegistryAccess } from '../publish/validate.js'
import type { Action } from './compare.js'
import { putItem } from './dynamo-state.js'
import type { PlanStep, PreparedPlan } from './plan.js'

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

async function applySecret(send: Send, { entry, desired, value }: PlanStep): Promise<number | string | undefined> {
  if (desired.kind !== 'secret') return undefined
  if (entry.action === 'tag') {
    await send('secretsmanager', 'TagResource', { SecretId: desired.name, Tags: tagList(desired.tags) }, desired.name)
    return undefined
  }
  return (await writeApiKey(send, desired.name, value!, desired.tags)).versionId
}

async function applyParameter(send: Send, { entry, desired, value }: PlanStep): Promise<number | undefined> {
  if (desired.kind !== 'parameter') return undefined
  let version: number | undefined
  if (entry.action !== 'tag') {
    const text = desired.type === 'SecureString' ? value! : desired.value
    // Without a KeyId, SSM encrypts with the account's default key, even one written under another before.
    const keyId = desired.type === 'SecureString' && desired.keyId ? { KeyId: desired.keyId } : {}
    const input = { Name: desired.name, Value: text, Type: desired.type, ...keyId, Overwrite: true }
    // A SecureString's value is scrubbed from any error AWS sends back.
    const secrets = desired.type === 'SecureString' ? [value] : []
    version = (await send<{ Version?: number }>('ssm', 'PutParameter', input, desired.name, secrets)).Version ?? 0
  }
  if (Object.keys(desired.tags).length > 0) await tagParameter(send, desired.name, desired.tags)
  return version
}

async function applyStep(send: Send, step: PlanStep): Promise<AppliedEntry> {
  const { kind, name, stage, action } = step.entry
  let version: number | string | undefined
  if (kind === 'secret') version = await applySecret(send, step)
  else if (kind === 'parameter') version = await applyParameter(send, step)
  else if (step.desired.kind === 'item') await putItem(send, step.desired, step.key!)
  return { kind, name, stage, action: action as AppliedEntry['action'], ...(version === undefined ? {} : { version }) }
}

const ORDER = { secret: 0, parameter: 1, item: 2 } as const

function describeApplied(applied: readonly AppliedEntry[]): string {
  if (applied.length === 0) return 'nothing was applied yet'
  return `already applied: ${applied.map(({ kind, name, version }) => `${kind} ${name}${version === undefined ? '' : ` (version ${version})`}`).join(', ')}; applying again completes it`
}

/** Writes every change of the plan, in order; rejects before writing anything if a declared entry is missing. */
export async function applyPlan({ plan, steps }: PreparedPlan, access: RegistryAccess): Promise<ApplyResult> {
  const missing = missingError(steps)
  if (missing) throw missing
  const send = sender(access)
  const changes = steps.filter(({ entry }) => entry.action !== 'unchanged').sort((a, b) => ORDER[a.entry.kind] - ORDER[b.entry.kind])
  // Any value of the plan may be echoed by any failure, not only by its own write's.
  const secrets = steps.map(({ value }) => value)
  const applied: AppliedEntry[] = []
  for (const step of changes) {
    try {
      applied.push(await applyStep(send, step))
    } catch (error) {
      const { code, operation, reason } = publishErrorOf(error, `apply ${step.entry.kind} ${step.entry.name}`, secrets)
      throw new PublishError(code, operation, `${redact(reason, secrets)} (${describeApplied(applied)})`)
    }
  }
  return { source: plan.source, applied, unchanged: steps.length - changes.length }
}
