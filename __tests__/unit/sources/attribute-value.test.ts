/** DynamoDB attribute values to plain JavaScript and back (the local registry's direction). */
import { describe, expect, it } from '@jest/globals'
import { BinaryAttributeError, keyTextOf, marshal, typeOf, unmarshal } from '../../../src/aws/attribute-value.js'

describe('unmarshal()', () => {
  it.each([
    ['S', { S: 'text' }, 'text'],
    ['N', { N: '-12.5' }, -12.5],
    ['BOOL', { BOOL: false }, false],
    ['NULL', { NULL: true }, null],
    ['SS', { SS: ['a', 'b'] }, ['a', 'b']],
    ['NS', { NS: ['1', '2.5'] }, [1, 2.5]],
    ['an empty M', { M: {} }, {}],
    ['an empty L', { L: [] }, []],
  ])('converts %s', (_type, value, expected) => {
    expect(unmarshal(value)).toEqual(expected)
  })

  it('converts nested maps and lists', () => {
    const value = { M: { name: { S: 'orders' }, hosts: { L: [{ S: 'a' }, { M: { port: { N: '443' } } }] }, flags: { M: { beta: { BOOL: true } } } } }

    expect(unmarshal(value)).toEqual({ name: 'orders', hosts: ['a', { port: 443 }], flags: { beta: true } })
  })

  it('refuses binary data, however deep', () => {
    expect(() => unmarshal({ B: new Uint8Array([1]) })).toThrow(BinaryAttributeError)
    expect(() => unmarshal({ BS: [new Uint8Array([1])] })).toThrow(BinaryAttributeError)
    expect(() => unmarshal({ M: { logo: { L: [{ B: new Uint8Array([1]) }] } } })).toThrow(BinaryAttributeError)
  })

  it('refuses a value of no known type, naming its members only', () => {
    expect(() => unmarshal({ X: 'secret' } as never)).toThrow('an attribute value of unknown type (X)')
  })
})

describe('marshal()', () => {
  it('turns plain JSON into attribute values, and back', () => {
    const plain = { url: 'https://orders.example.com', timeoutMs: 2500, enabled: true, owner: null, hosts: ['a', 'b'], limits: { rps: 200 } }

    expect(marshal(plain)).toEqual({
      M: {
        url: { S: 'https://orders.example.com' },
        timeoutMs: { N: '2500' },
        enabled: { BOOL: true },
        owner: { NULL: true },
        hosts: { L: [{ S: 'a' }, { S: 'b' }] },
        limits: { M: { rps: { N: '200' } } },
      },
    })
    expect(unmarshal(marshal(plain))).toEqual(plain)
  })
})

describe('typeOf() and keyTextOf()', () => {
  it('name the type as DynamoDB does', () => {
    expect([{ S: '' }, { N: '1' }, { M: {} }, { BS: [] }].map(typeOf)).toEqual(['S', 'N', 'M', 'BS'])
  })

  it('compare numbers by value and strings by text, never a string with a number', () => {
    const key = (pk: object) => keyTextOf({ pk } as never, ['pk'])

    expect(key({ N: '1.50' })).toBe(key({ N: '1.5' }))
    expect(key({ S: '1.5' })).not.toBe(key({ N: '1.5' }))
    expect(key({ S: 'a' })).not.toBe(key({ S: 'A' }))
  })

  it('compare only the key attributes named, in their order', () => {
    const item = { pk: { S: 'orders' }, sk: { S: 'prod' }, value: { S: 'x' } }

    expect(keyTextOf(item, ['pk', 'sk'])).toBe(keyTextOf({ sk: { S: 'prod' }, pk: { S: 'orders' } }, ['pk', 'sk']))
    expect(keyTextOf(item, ['pk', 'sk'])).not.toBe(keyTextOf({ pk: { S: 'orders' }, sk: { S: 'staging' } }, ['pk', 'sk']))
  })
})
