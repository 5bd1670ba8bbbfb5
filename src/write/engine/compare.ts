/**
 * One entry against what the store holds: create, update (a new version), tag (only
 * tags differ), unchanged, or missing (a declared entry that is not there, which apply
 * cannot fix). A secret's value is compared, never reported.
 */

import type { DesiredItem, DesiredParameter, DesiredSecret } from '../../registry-file/entries.js'
import type { Tags } from '../../registry-file/format.js'
import type { CurrentItem, CurrentParameter, CurrentSecret } from '../store/store.js'

export type Action = 'create' | 'update' | 'tag' | 'unchanged' | 'missing'

export interface TagChange {
  readonly key: string
  readonly from?: string
  readonly to: string
}

/** One line of a plan, as printed and as `--json` gives it: never a secret's value. */
export interface PlanEntry {
  readonly kind: 'parameter' | 'secret' | 'item'
  /** The parameter's or secret's name; an item's table and key, e.g. `registry {"service":"orders","stage":"prod"}`. */
  readonly name: string
  readonly stage: string
  /** Where the file gives it. */
  readonly origin: string
  readonly action: Action
  /** Parameters: the type the file gives, and the current version (absent when it does not exist). */
  readonly type?: 'String' | 'StringList' | 'SecureString'
  readonly version?: number
  /** Parameters that are not SecureStrings: the value now and the file's. */
  readonly from?: string
  readonly to?: string
  /** Items: the attributes an update adds, changes or removes. */
  readonly attributes?: readonly string[]
  /** Tags to add or change (tags are never removed). */
  readonly tags: readonly TagChange[]
  /** Why a `missing` entry blocks apply. */
  readonly reason?: string
}

type Placement = Pick<PlanEntry, 'stage' | 'origin'>
const placement = ({ stage, origin }: Placement): Placement => ({ stage, origin })

export function tagChanges(wanted: Tags, current: Readonly<Record<string, string>>): TagChange[] {
  return Object.entries(wanted)
    .filter(([key, value]) => current[key] !== value)
    .map(([key, to]) => ({ key, ...(current[key] === undefined ? {} : { from: current[key] }), to }))
}

/** Create, update or tag; unchanged when nothing differs. */
function actionOf(exists: boolean, valueDiffers: boolean, tags: readonly TagChange[]): Action {
  if (!exists) return 'create'
  if (valueDiffers) return 'update'
  return tags.length > 0 ? 'tag' : 'unchanged'
}

export function compareParameter(desired: DesiredParameter, current: CurrentParameter | undefined, secretValue: string | undefined): PlanEntry {
  const base = { kind: 'parameter' as const, name: desired.name, ...placement(desired), type: desired.type, ...(current ? { version: current.version } : {}) }
  if (desired.type === 'SecureString' && 'declared' in desired.source) {
    if (current?.type === 'SecureString') return { ...base, action: 'unchanged', tags: [] }
    const reason = current ? `it is a ${current.type}, and the file declares a SecureString` : 'the file declares it, and it does not exist'
    return { ...base, action: 'missing', tags: [], reason }
  }
  const value = desired.type === 'SecureString' ? secretValue! : desired.value
  const tags = current ? tagChanges(desired.tags, current.tags) : Object.entries(desired.tags).map(([key, to]) => ({ key, to }))
  const action = actionOf(current !== undefined, current?.value !== value || current?.type !== desired.type, tags)
  // A SecureString's value is shown neither before nor after.
  const shown = desired.type !== 'SecureString' && current?.type !== 'SecureString'
  const values = shown ? { ...(current ? { from: current.value } : {}), to: value } : {}
  return { ...base, action, ...values, tags }
}

export function compareSecret(desired: DesiredSecret, current: CurrentSecret | undefined, secretValue: string | undefined): PlanEntry {
  const base = { kind: 'secret' as const, name: desired.name, ...placement(desired) }
  if ('declared' in desired.source) {
    return current
      ? { ...base, action: 'unchanged', tags: [] }
      : { ...base, action: 'missing', tags: [], reason: 'the file declares it, and it does not exist' }
  }
  const tags = current ? tagChanges(desired.tags, current.tags) : Object.entries(desired.tags).map(([key, to]) => ({ key, to }))
  return { ...base, action: actionOf(current !== undefined, secretDiffers(desired, current, secretValue), tags), tags }
}

/** Whether the secret's value differs: a binary one by its bytes; a SecretString where a SecretBinary is wanted (or the reverse) always. */
function secretDiffers(desired: DesiredSecret, current: CurrentSecret | undefined, value: string | undefined): boolean {
  if (current?.value === undefined || value === undefined) return true
  const binary = desired.binary === true
  // A store that cannot tell (a local file holds both as text) is compared by the text.
  if (current.binary !== undefined && current.binary !== binary) return true
  return binary ? !Buffer.from(current.value, 'base64').equals(Buffer.from(value, 'base64')) : current.value !== value
}

/** Plain JSON as one string, members sorted, so that two equal items compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const members = Object.keys(value)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonical((value as Record<string, unknown>)[name])}`)
    return `{${members.join(',')}}`
  }
  return JSON.stringify(value)
}

export function compareItem(desired: DesiredItem, current: CurrentItem, name: string): PlanEntry {
  const base = { kind: 'item' as const, name, ...placement(desired), tags: [] }
  if (current.item === undefined) return { ...base, action: 'create' }
  // An item holding binary data cannot be equal to one the file gives.
  const now = current.item ?? {}
  const names = [...new Set([...Object.keys(now), ...Object.keys(desired.item)])]
  const attributes = names.filter((attribute) => canonical(now[attribute]) !== canonical(desired.item[attribute])).sort()
  if (current.item === null) return { ...base, action: 'update', attributes }
  return attributes.length === 0 ? { ...base, action: 'unchanged' } : { ...base, action: 'update', attributes }
}
