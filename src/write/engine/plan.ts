/**
 * `plan`: entries against what the store holds, read without writing. The plan keeps,
 * beside what it reports, what apply needs to carry it out (values, item keys), so that
 * apply writes exactly what was planned.
 */

import type { DesiredEntry, DesiredItem, DesiredParameter, DesiredSecret } from '../../registry-file/entries.js'
import { storeFor } from '../store/choose.js'
import { type ItemKey, keyText, type RegistryAccess, type RegistryStore } from '../store/store.js'
import { compareItem, compareParameter, compareSecret, type PlanEntry } from './compare.js'

/** What a plan reports. */
export interface RegistryPlan {
  /** Where it was compared: `AWS (eu-west-1, account 111111111111)`, `AWS (…, through arn:…)`, `http://127.0.0.1:5000 (not AWS, eu-west-1)`. */
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
  /** Where it was read, and where apply writes. */
  readonly store: RegistryStore
}

const ofKind = <K extends DesiredEntry['kind']>(entries: readonly DesiredEntry[], kind: K) =>
  entries.filter((entry): entry is Extract<DesiredEntry, { kind: K }> => entry.kind === kind)

async function currentOf(store: RegistryStore, entries: readonly DesiredEntry[]) {
  const parameters = ofKind(entries, 'parameter') as DesiredParameter[]
  const secrets = ofKind(entries, 'secret') as DesiredSecret[]
  const items = ofKind(entries, 'item') as DesiredItem[]
  // A SecureString is decrypted, tags are read where some are declared, a secret's value where one is given.
  const parameterReads = parameters.map(({ name, type, tags }) => ({ name, decrypt: type === 'SecureString', tags: Object.keys(tags).length > 0 }))
  const secretReads = secrets.map(({ name, source }) => ({ name, value: !('declared' in source) }))
  const [currentParameters, currentSecrets, currentItems] = await Promise.all([
    store.readParameters(parameterReads),
    store.readSecrets(secretReads),
    items.length === 0 ? new Map() : store.readItems(items),
  ])
  return { currentParameters, currentSecrets, currentItems }
}

/** Compares every entry with the store; `values` holds the secrets' values (see secretValuesOf). */
export async function planEntries(store: RegistryStore, entries: readonly DesiredEntry[], values: ReadonlyMap<DesiredEntry, string>): Promise<PreparedPlan> {
  // Where is asked while the entries are read: an account lookup adds no wait.
  const [{ currentParameters, currentSecrets, currentItems }, source] = await Promise.all([currentOf(store, entries), store.describe()])
  const steps = entries.map((desired): PlanStep => {
    const value = values.get(desired)
    const withValue = value === undefined ? {} : { value }
    if (desired.kind === 'parameter') return { entry: compareParameter(desired, currentParameters.get(desired.name), value), desired, ...withValue }
    if (desired.kind === 'secret') return { entry: compareSecret(desired, currentSecrets.get(desired.name), value), desired, ...withValue }
    const current = currentItems.get(desired)!
    return { entry: compareItem(desired, current, keyText(desired.table, current.key)), desired, key: current.key }
  })
  const count = (predicate: (entry: PlanEntry) => boolean) => steps.filter(({ entry }) => predicate(entry)).length
  const plan: RegistryPlan = {
    source,
    entries: steps.map(({ entry }) => entry),
    changes: count(({ action }) => action !== 'unchanged' && action !== 'missing'),
    missing: count(({ action }) => action === 'missing'),
  }
  return { plan, steps, store }
}

/** planEntries() against the registry `access` reaches (a registry file's entries, in AWS). */
export const planRegistry = (entries: readonly DesiredEntry[], values: ReadonlyMap<DesiredEntry, string>, access: RegistryAccess) =>
  planEntries(storeFor(access), entries, values)
