/** The bounded map each registry keeps its per-invocation bindings and snapshots in. */
import { describe, expect, it } from '@jest/globals'
import { LruMap } from '../../../src/cache/lru.js'

const keysOf = (map: LruMap<string, number>, candidates: readonly string[]) => candidates.filter((key) => map.get(key) !== undefined)

describe('LruMap', () => {
  it('keeps at most its limit, forgetting the least recently set first', () => {
    const map = new LruMap<string, number>(2)
    map.set('a', 1)
    map.set('b', 2)
    map.set('c', 3)
    expect(map.size).toBe(2)
    expect(keysOf(map, ['a', 'b', 'c'])).toEqual(['b', 'c'])
  })

  it('counts a get as a use', () => {
    const map = new LruMap<string, number>(2)
    map.set('a', 1)
    map.set('b', 2)
    map.get('a')
    map.set('c', 3)
    expect(map.get('b')).toBeUndefined()
    expect(map.get('a')).toBe(1)
  })

  it('replaces a value in place, as a use', () => {
    const map = new LruMap<string, number>(2)
    map.set('a', 1)
    map.set('b', 2)
    map.set('a', 10)
    map.set('c', 3)
    expect([map.get('a'), map.get('b'), map.size]).toEqual([10, undefined, 2])
  })

  it('starts over after clear()', () => {
    const map = new LruMap<string, number>(1)
    map.set('a', 1)
    map.clear()
    map.set('b', 2)
    expect([map.get('a'), map.get('b'), map.size]).toEqual([undefined, 2, 1])
  })
})
