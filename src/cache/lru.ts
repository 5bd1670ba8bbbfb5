import { Recency, type RecencyNode } from './recency.js'

/**
 * A map that keeps at most `limit` entries and forgets the least recently used one first.
 * A hit costs a lookup and relinking one node (see Recency), so it can sit on a warm path.
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, { value: V; node: RecencyNode<K> }>()
  private readonly recency = new Recency<K>()

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    const slot = this.map.get(key)
    if (slot === undefined) return undefined
    this.recency.use(slot.node)
    return slot.value
  }

  set(key: K, value: V): void {
    const slot = this.map.get(key)
    if (slot) {
      slot.value = value
      this.recency.use(slot.node)
      return
    }
    this.map.set(key, { value, node: this.recency.add(key) })
    const oldest = this.recency.oldest
    if (this.map.size > this.limit && oldest) {
      this.recency.remove(oldest)
      this.map.delete(oldest.key)
    }
  }

  clear(): void {
    this.map.clear()
    this.recency.clear()
  }

  get size(): number {
    return this.map.size
  }
}
