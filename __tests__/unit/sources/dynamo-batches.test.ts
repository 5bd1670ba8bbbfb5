/** How DynamoDB reads are shaped into BatchGetItem calls, apart from any client. */
import { describe, expect, it } from '@jest/globals'
import type { FetchRequest } from '../../../src/core/reference.js'
import { type DynamoOptions, dynamo } from '../../../src/index.js'
import { itemReadsOf, packCalls, requestItemsOf } from '../../../src/sources/dynamodb/batches.js'

const request = (fetchKey: string, table: string, key: string, options?: DynamoOptions): FetchRequest => ({
  fetchKey,
  reference: dynamo(table, key, options),
  scope: { service: 'dynamodb', key: 'test' },
})

describe('reads', () => {
  it('are one per distinct item and consistency, answering every cache entry that wants the item', () => {
    const reads = itemReadsOf([
      request('a', 'registry', 'orders'),
      request('b', 'registry', 'orders'),
      request('c', 'registry', 'orders', { consistentRead: true }),
    ])

    expect(reads.map(({ table, key, consistent, fetchKeys }) => ({ table, key, consistent, fetchKeys }))).toEqual([
      { table: 'registry', key: { pk: { S: 'orders' } }, consistent: false, fetchKeys: ['a', 'b'] },
      { table: 'registry', key: { pk: { S: 'orders' } }, consistent: true, fetchKeys: ['c'] },
    ])
  })

  it('tell a string key from a number key', () => {
    const reads = itemReadsOf([
      { fetchKey: 'text', reference: dynamo('registry', { partition: '42' }), scope: { service: 'dynamodb', key: 'test' } },
      { fetchKey: 'number', reference: dynamo('registry', { partition: 42 }), scope: { service: 'dynamodb', key: 'test' } },
    ])

    expect(reads.map(({ key }) => key)).toEqual([{ pk: { S: '42' } }, { pk: { N: '42' } }])
  })
})

describe('calls', () => {
  const readsOf = (count: number, table = 'registry', options?: DynamoOptions) =>
    itemReadsOf(Array.from({ length: count }, (_, index) => request(`${table}-${index}`, table, `key-${index}`, options)))

  it('hold at most 100 keys: 250 reads make calls of 100, 100 and 50', () => {
    expect(packCalls(readsOf(250)).map((call) => call.length)).toEqual([100, 100, 50])
  })

  it('fill up across tables', () => {
    const calls = packCalls([...readsOf(60, 'first'), ...readsOf(60, 'second')])

    expect(calls.map((call) => call.length)).toEqual([100, 20])
    expect(Object.keys(requestItemsOf(calls[0]!))).toEqual(['first', 'second'])
  })

  it('never hold one table with both consistencies: the later reads wait for the next call', () => {
    const calls = packCalls([...readsOf(3, 'first'), ...readsOf(2, 'first', { consistentRead: true }), ...readsOf(2, 'second', { consistentRead: true })])

    expect(
      calls.map((call) =>
        Object.entries(requestItemsOf(call)).map(([table, { Keys, ConsistentRead }]) => `${table}:${Keys.length}:${ConsistentRead ?? false}`),
      ),
    ).toEqual([['first:3:false', 'second:2:true'], ['first:2:true']])
  })

  it('key RequestItems by table as own properties, even a table called __proto__', () => {
    const items = requestItemsOf(readsOf(1, '__proto__'))

    expect(Object.keys(items)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(items)).toBe(Object.prototype)
  })
})
