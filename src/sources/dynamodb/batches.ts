/**
 * How DynamoDB reads are shaped into BatchGetItem calls: one read per distinct item, at
 * most 100 keys per call across tables, and a table at most once per call (RequestItems
 * is keyed by table, with one ConsistentRead setting each).
 */

import { type AttributeValue, keyAttribute, keyTextOf } from '../../aws/attribute-value.js'
import type { FetchRequest } from '../../core/reference.js'
import type { RawItem } from './decode.js'
import { itemLocationOf } from './table.js'

/** BatchGetItem takes at most 100 keys per call. */
export const KEYS_PER_CALL = 100

/** One item to read, and the cache entries its answer settles. */
export interface ItemRead {
  /** Table name or ARN, as declared: the key of RequestItems. */
  readonly table: string
  readonly key: Readonly<Record<string, AttributeValue>>
  /** The key attribute names, partition key first. */
  readonly keyNames: readonly string[]
  /** The key as one comparable string, to match answers to reads. */
  readonly keyText: string
  readonly consistent: boolean
  readonly fetchKeys: readonly string[]
  /** Attributes the cached item had and a reference needs: an answer without them is not taken. */
  readonly kept: readonly string[]
}

/** The attribute a request reads, if its cached item has it and the reference is not optional. */
function keptAttribute({ reference, previous }: FetchRequest): string[] {
  const attribute = reference.options.attribute ?? 'value'
  const had = previous?.kind === 'item' && Object.hasOwn((previous as RawItem).item, attribute)
  return had && reference.options.optional !== true ? [attribute] : []
}

/**
 * The distinct items of a batch of requests. DynamoDB rejects a call that names one key
 * twice, so two requests for one item (if they ever differ only by cache key) share a read.
 */
export function itemReadsOf(requests: readonly FetchRequest[]): ItemRead[] {
  const reads = new Map<string, ItemRead & { fetchKeys: string[]; kept: string[] }>()
  for (const request of requests) {
    const { fetchKey, reference } = request
    const { table, key: values } = itemLocationOf(reference)
    const key = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, keyAttribute(value)]))
    const keyNames = Object.keys(key)
    const keyText = keyTextOf(key, keyNames)
    const consistent = reference.options.consistentRead === true
    const identity = `${table}|${consistent}|${keyText}`
    const read = reads.get(identity)
    if (read) {
      read.fetchKeys.push(fetchKey)
      read.kept.push(...keptAttribute(request))
    } else reads.set(identity, { table, key, keyNames, keyText, consistent, fetchKeys: [fetchKey], kept: keptAttribute(request) })
  }
  return [...reads.values()]
}

/**
 * Packs reads into calls of at most `size` keys, in order. A read whose table is already
 * in the call with the other consistency waits for a later call; so does any read once the
 * call is full. 150 reads make 2 calls.
 */
export function packCalls(reads: readonly ItemRead[], size = KEYS_PER_CALL): ItemRead[][] {
  const calls: ItemRead[][] = []
  let pending = reads
  while (pending.length > 0) {
    const call: ItemRead[] = []
    const consistency = new Map<string, boolean>()
    const later: ItemRead[] = []
    for (const read of pending) {
      const fits = call.length < size && (consistency.get(read.table) ?? read.consistent) === read.consistent
      if (!fits) {
        later.push(read)
        continue
      }
      call.push(read)
      consistency.set(read.table, read.consistent)
    }
    calls.push(call)
    pending = later
  }
  return calls
}

interface TableRequest {
  Keys: Array<ItemRead['key']>
  ConsistentRead?: true
}

/** The RequestItems of one call: keys per table, ConsistentRead where asked for. */
export function requestItemsOf(call: readonly ItemRead[]): Record<string, TableRequest> {
  // A Map, then own properties: a table may be called `__proto__`.
  const byTable = new Map<string, TableRequest>()
  for (const read of call) {
    let entry = byTable.get(read.table)
    if (!entry) byTable.set(read.table, (entry = { Keys: [], ...(read.consistent ? { ConsistentRead: true as const } : {}) }))
    entry.Keys.push(read.key)
  }
  return Object.fromEntries(byTable)
}
