/**
 * The one place the write side writes: steps (from a plan, or a publish's unconditional
 * ones) carried out through a store in a fixed order. Secrets go first, so that callers
 * sent to a new endpoint find its API key already in place; then parameters (a new
 * version, then tags); then DynamoDB items. A failure half-way says what was written.
 */
import { PublishInputError } from '../../core/problem.js'
import type { DesiredEntry } from '../../registry-file/entries.js'
import { PublishError, publishErrorOf } from '../store/publish-error.js'
import { redact } from '../store/redact.js'
import type { ItemKey, RegistryStore, RegistryWriter } from '../store/store.js'

export type WriteAction = 'create' | 'update' | 'tag'

/** One entry to write. */
export interface WriteStep {
  readonly desired: DesiredEntry
  /** How it is reported: a parameter's or secret's name, an item's table and key. */
  readonly name: string
  readonly action: WriteAction
  /** A secret's (or SecureString's) value. */
  readonly value?: string
  /** An item's key. */
  readonly key?: ItemKey
}

/** What one step wrote. */
export interface Written {
  readonly kind: DesiredEntry['kind']
  readonly name: string
  readonly stage: string
  readonly action: WriteAction
  /** A parameter's new version number, or a secret's new version id; absent for tags and items. */
  readonly version?: number | string
  /** The secret did not exist before. */
  readonly created?: boolean
  /** The parameter's new version is written, its tags are not (yet). */
  readonly untagged?: true
}

const ORDER = { secret: 0, parameter: 1, item: 2 } as const

async function writeParameter(writer: RegistryWriter, step: WriteStep, written: Written[]): Promise<void> {
  const { desired, name, action } = step
  if (desired.kind !== 'parameter') return
  const base = { kind: desired.kind, name, stage: desired.stage, action }
  const tagged = Object.keys(desired.tags).length > 0
  if (action === 'tag') {
    await writer.tagParameter(desired.name, desired.tags)
    written.push(base)
    return
  }
  const version = await writer.putParameter(desired, desired.type === 'SecureString' ? step.value! : desired.value)
  written.push({ ...base, version, ...(tagged ? { untagged: true } : {}) })
  if (!tagged) return
  await writer.tagParameter(desired.name, desired.tags)
  written[written.length - 1] = { ...base, version }
}

async function writeStep(writer: RegistryWriter, step: WriteStep, written: Written[]): Promise<void> {
  const { desired, name, action } = step
  const base = { kind: desired.kind, name, stage: desired.stage, action }
  if (desired.kind === 'parameter') return writeParameter(writer, step, written)
  if (desired.kind === 'item') {
    await writer.putItem(desired, step.key!)
    written.push(base)
  } else if (action === 'tag') {
    await writer.tagSecret(desired.name, desired.tags)
    written.push(base)
  } else {
    const { versionId, created } = await writer.putSecret(desired.name, step.value!, desired.tags, { binary: desired.binary === true })
    written.push({ ...base, version: versionId, created })
  }
}

/**
 * Writes every step, secrets first. On a failure, rejects with a PublishError scrubbed of
 * every value in play (the steps' and `inPlay`), followed by `halfWay(written)` in parentheses when it says anything
 * (nothing is written when the store is all or nothing).
 */
export async function writeSteps(
  store: RegistryStore,
  steps: readonly WriteStep[],
  halfWay: (written: readonly Written[]) => string | undefined,
  inPlay: readonly (string | undefined)[] = [],
): Promise<Written[]> {
  const ordered = [...steps].sort((a, b) => ORDER[a.desired.kind] - ORDER[b.desired.kind])
  // Any value in play may be echoed by any failure, not only by its own write's.
  const secrets = [...inPlay, ...steps.map(({ value }) => value)]
  const written: Written[] = []
  let current: WriteStep | undefined
  try {
    await store.write(async (writer) => {
      for (current of ordered) await writeStep(writer, current, written)
    })
    return written
  } catch (error) {
    if (error instanceof PublishInputError) throw error
    const at = current ? `write ${current.desired.kind} ${current.name}` : `write to ${await store.describe()}`
    const { code, operation, reason } = publishErrorOf(error, at, secrets)
    const said = halfWay(store.atomic ? [] : written)
    throw new PublishError(code, operation, `${redact(reason, secrets)}${said ? ` (${said})` : ''}`)
  }
}
