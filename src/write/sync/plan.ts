/**
 * `plan`: the file's entries against what AWS holds, read without writing. The plan keeps,
 * beside what it reports, what apply needs to carry it out (values, item keys), so that
 * apply writes exactly what was planned.
 */

import type { DesiredEntry, DesiredItem, DesiredParameter, DesiredSecret } from '../../registry-file/entries.js'
import { awsTarget, type Send, sender } from '../publish/aws-target.js'
import type { RegistryAccess } from '../publish/validate.js'
import { readParameters, readSecrets } from './aws-state.js'
import { compareItem, compareParameter, compareSecret, type PlanEntry } from './compare.js'
import { type ItemKey, keyText, readItems } from './dynamo-state.js'

/** What a plan reports. */
export interface RegistryPlan {
  /** Where it was compared: `AWS (eu-west-1)`, `AWS (…, through arn:…)`. */
  readonly source: string
  readonly entries: readonly PlanEntry[]
  /** Entries apply would write (create, update or tag). */
  readonly changes: number
  /** Declared entries that are not in AWS: apply refuses to run while there are any. */
  readonly missing: number
}

/** One planned entry, with what apply needs to write it. */
export interface PlanStep {
  readonly entry: PlanEntry
  readonly desired: DesiredEntry
  /** A secret's (or SecureString's) value to write. */
  readonly value?: string
  /** An item's key. */
  readonly key?: ItemKey
}

export interface PreparedPlan {
  readonly plan: RegistryPlan
  readonly steps: readonly PlanStep[]
}

const ofKind = <K extends DesiredEntry['kind']>(entries: readonly DesiredEntry[], kind: K) =>
  entries.filter((entry): entry is Extract<DesiredEntry, { kind: K }> => entry.kind === kind)

async function stepsOf(send: Send, entries: readonly DesiredEntry[], values: ReadonlyMap<DesiredEntry, string>): Promise<PlanStep[]> {
  const parameters = ofKind(entries, 'parameter') as DesiredParameter[]
  const secrets = ofKind(entries, 'secret') as DesiredSecret[]
  const items = ofKind(entries, 'item') as DesiredItem[]
  const [currentParameters, currentSecrets, currentItems] = await Promise.all([
    readParameters(send, parameters),
    readSecrets(send, secrets),
    items.length === 0 ? new Map() : readItems(send, items),
  ])
  return entries.map((desired): PlanStep => {
    const value = values.get(desired)
    const withValue = value === undefined ? {} : { value }
    if (desired.kind === 'parameter') return { entry: compareParameter(desired, currentParameters.get(desired.name), value), desired, ...withValue }
    if (desired.kind === 'secret') return { entry: compareSecret(desired, currentSecrets.get(desired.name), value), desired, ...withValue }
    const current = currentItems.get(desired)!
    return { entry: compareItem(desired, current, keyText(desired.table, current.key)), desired, key: current.key }
  })
}

/** Compares every entry with AWS; `values` holds the secrets' values (see secretValuesOf). */
export async function planRegistry(entries: readonly DesiredEntry[], values: ReadonlyMap<DesiredEntry, string>, access: RegistryAccess): Promise<PreparedPlan> {
  const steps = await stepsOf(sender(access), entries, values)
  const count = (predicate: (entry: PlanEntry) => boolean) => steps.filter(({ entry }) => predicate(entry)).length
  const plan: RegistryPlan = {
    source: awsTarget(access).description,
    entries: steps.map(({ entry }) => entry),
    changes: count(({ action }) => action !== 'unchanged' && action !== 'missing'),
    missing: count(({ action }) => action === 'missing'),
  }
  return { plan, steps }
}
