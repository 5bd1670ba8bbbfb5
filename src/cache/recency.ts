/** One key in a recency list, with its neighbours by time of last use. */
export interface RecencyNode<K> {
  readonly key: K
  older?: RecencyNode<K>
  newer?: RecencyNode<K>
  linked: boolean
}

/**
 * Keys in order of last use, least recent first, as a doubly linked list. A use moves a
 * key to the end by relinking a few pointers: re-inserting it in a Map instead (delete,
 * then set) costs more than the rest of a warm invocation, and churns the Map's table.
 */
export class Recency<K> {
  private oldestNode?: RecencyNode<K>
  private newestNode?: RecencyNode<K>

  /** Adds a key as the most recently used. */
  add(key: K): RecencyNode<K> {
    const node: RecencyNode<K> = { key, linked: false }
    this.append(node)
    return node
  }

  /** Marks a key as just used. */
  use(node: RecencyNode<K>): void {
    if (!node.linked || node === this.newestNode) return
    this.remove(node)
    this.append(node)
  }

  remove(node: RecencyNode<K>): void {
    if (!node.linked) return
    if (node.older) node.older.newer = node.newer
    else this.oldestNode = node.newer
    if (node.newer) node.newer.older = node.older
    else this.newestNode = node.older
    node.older = undefined
    node.newer = undefined
    node.linked = false
  }

  /** The least recently used key's node, from which `newer` leads to the others. */
  get oldest(): RecencyNode<K> | undefined {
    return this.oldestNode
  }

  clear(): void {
    this.oldestNode = undefined
    this.newestNode = undefined
  }

  private append(node: RecencyNode<K>): void {
    node.older = this.newestNode
    node.newer = undefined
    if (this.newestNode) this.newestNode.newer = node
    else this.oldestNode = node
    this.newestNode = node
    node.linked = true
  }
}
