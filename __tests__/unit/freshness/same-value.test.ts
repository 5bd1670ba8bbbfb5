import { describe, expect, it } from '@jest/globals'
import { sameValue } from '../../../src/core/same-value.js'

describe('sameValue: whether a refreshed value is a change, compared as decoded', () => {
  it('compares text by value', () => {
    expect(sameValue('key-v1', 'key-v1')).toBe(true)
    expect(sameValue('key-v1', 'key-v2')).toBe(false)
  })

  it('compares bytes by content', () => {
    expect(sameValue(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true)
    expect(sameValue(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false)
    expect(sameValue(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false)
    expect(sameValue(new Uint8Array([1]), [1])).toBe(false)
  })

  it('compares JSON by content, whatever the order of its keys', () => {
    expect(sameValue({ rps: 5, burst: { max: 10 } }, { burst: { max: 10 }, rps: 5 })).toBe(true)
    expect(sameValue({ rps: 5 }, { rps: 5, burst: 10 })).toBe(false)
    expect(sameValue({ rps: 5, burst: undefined }, { rps: 5, limit: undefined })).toBe(false)
    expect(sameValue([1, { a: 'x' }], [1, { a: 'x' }])).toBe(true)
    expect(sameValue([1, 2], [2, 1])).toBe(false)
    expect(sameValue({ 0: 'a' }, ['a'])).toBe(false)
    expect(sameValue(null, {})).toBe(false)
  })
})
