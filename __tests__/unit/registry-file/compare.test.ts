import { describe, expect, it } from '@jest/globals'
import type { DesiredItem, DesiredParameter, DesiredSecret } from '../../../src/registry-file/entries.js'
import { compareItem, compareParameter, compareSecret } from '../../../src/write/engine/compare.js'

const placed = { stage: 'prod', origin: 'stages.prod.x' }
const string = (value: string, tags = {}): DesiredParameter => ({ kind: 'parameter', name: '/p', type: 'String', value, tags, ...placed })
const secure = (source: DesiredSecret['source']): DesiredParameter => ({ kind: 'parameter', name: '/s', type: 'SecureString', source, tags: {}, ...placed })
const secret = (source: DesiredSecret['source'], tags = {}): DesiredSecret => ({ kind: 'secret', name: 'db/prod', source, tags, ...placed })
const item = (attributes: Record<string, unknown>): DesiredItem => ({ kind: 'item', table: 'flags', item: { pk: 'a', ...attributes }, ...placed })

describe('comparing a parameter with AWS', () => {
  it('creates one that does not exist, showing its value', () => {
    expect(compareParameter(string('on', { team: 'x' }), undefined, undefined)).toEqual({
      kind: 'parameter',
      name: '/p',
      type: 'String',
      action: 'create',
      to: 'on',
      tags: [{ key: 'team', to: 'x' }],
      ...placed,
    })
  })

  it('updates one whose value or type differs, with the current version', () => {
    expect(compareParameter(string('on'), { value: 'off', type: 'String', version: 3, tags: {} }, undefined)).toMatchObject({
      action: 'update',
      version: 3,
      from: 'off',
      to: 'on',
    })
    expect(compareParameter(string('a,b'), { value: 'a,b', type: 'StringList', version: 1, tags: {} }, undefined)).toMatchObject({ action: 'update' })
  })

  it('only tags one whose tags differ, listing the changes', () => {
    const entry = compareParameter(
      string('on', { team: 'orders', cost: 'x1' }),
      { value: 'on', type: 'String', version: 2, tags: { team: 'payments', cost: 'x1' } },
      undefined,
    )
    expect(entry).toMatchObject({ action: 'tag', tags: [{ key: 'team', from: 'payments', to: 'orders' }] })
  })

  it('leaves alone one that matches, ignoring tags the file does not give', () => {
    expect(compareParameter(string('on'), { value: 'on', type: 'String', version: 2, tags: { other: 'x' } }, undefined).action).toBe('unchanged')
  })

  it('compares a SecureString’s value without showing it', () => {
    const entry = compareParameter(secure({ fromEnv: 'P' }), { value: 'old-secret', type: 'SecureString', version: 4, tags: {} }, 'new-secret')
    expect(entry.action).toBe('update')
    expect(JSON.stringify(entry)).not.toMatch(/old-secret|new-secret/)
    expect(compareParameter(secure({ fromEnv: 'P' }), { value: 'same', type: 'SecureString', version: 4, tags: {} }, 'same').action).toBe('unchanged')
  })

  it('never shows a value that is a SecureString in AWS, even when the file makes it a String', () => {
    const entry = compareParameter(string('plain'), { value: 'ciphertext-or-secret', type: 'SecureString', version: 1, tags: {} }, undefined)
    expect(entry).toMatchObject({ action: 'update' })
    expect(entry).not.toHaveProperty('from')
    expect(entry).not.toHaveProperty('to')
  })

  it('finds a declared SecureString unchanged when it exists as one, missing otherwise', () => {
    expect(compareParameter(secure({ declared: true }), { value: 'x', type: 'SecureString', version: 1, tags: {} }, undefined).action).toBe('unchanged')
    expect(compareParameter(secure({ declared: true }), undefined, undefined)).toMatchObject({
      action: 'missing',
      reason: 'the file declares it, and it does not exist',
    })
    expect(compareParameter(secure({ declared: true }), { value: 'x', type: 'String', version: 1, tags: {} }, undefined)).toMatchObject({
      action: 'missing',
      reason: 'it is a String, and the file declares a SecureString',
    })
  })
})

describe('comparing a secret with AWS', () => {
  it('creates, updates or leaves it by its value, never showing the value', () => {
    expect(compareSecret(secret({ fromEnv: 'S' }), undefined, 'v1').action).toBe('create')
    const updated = compareSecret(secret({ fromEnv: 'S' }), { value: 'v0', tags: {} }, 'v1')
    expect(updated.action).toBe('update')
    expect(JSON.stringify(updated)).not.toMatch(/v0|v1/)
    expect(compareSecret(secret({ fromEnv: 'S' }), { value: 'v1', tags: {} }, 'v1').action).toBe('unchanged')
  })

  it('updates a secret that exists without a value', () => {
    expect(compareSecret(secret({ fromEnv: 'S' }), { tags: {} }, 'v1').action).toBe('update')
  })

  it('only tags one whose tags differ', () => {
    expect(compareSecret(secret({ fromEnv: 'S' }, { team: 'a' }), { value: 'v1', tags: { team: 'b' } }, 'v1')).toMatchObject({
      action: 'tag',
      tags: [{ key: 'team', from: 'b', to: 'a' }],
    })
  })

  it('checks only that a declared secret exists', () => {
    expect(compareSecret(secret({ declared: true }), { tags: {} }, undefined).action).toBe('unchanged')
    expect(compareSecret(secret({ declared: true }), undefined, undefined).action).toBe('missing')
  })
})

describe('comparing a binary secret with AWS', () => {
  const binary: DesiredSecret = { ...secret({ fromEnv: 'S' }), binary: true }
  const bytes = (...values: number[]) => Buffer.from(values).toString('base64')

  it('compares its bytes', () => {
    expect(compareSecret(binary, { value: bytes(1, 2, 3), binary: true, tags: {} }, bytes(1, 2, 3)).action).toBe('unchanged')
    expect(compareSecret(binary, { value: bytes(1, 2, 3), binary: true, tags: {} }, bytes(1, 2, 4)).action).toBe('update')
  })

  it('updates a SecretString that holds the same text, to become a SecretBinary', () => {
    expect(compareSecret(binary, { value: bytes(1, 2, 3), binary: false, tags: {} }, bytes(1, 2, 3)).action).toBe('update')
  })

  it('updates a SecretBinary that a text secret of the file replaces', () => {
    expect(compareSecret(secret({ fromEnv: 'S' }), { value: 'AQID', binary: true, tags: {} }, 'AQID').action).toBe('update')
  })

  it('compares the text where the store cannot tell (a local file holds base64 as text)', () => {
    expect(compareSecret(binary, { value: bytes(1, 2, 3), tags: {} }, bytes(1, 2, 3)).action).toBe('unchanged')
  })
})

describe('comparing a DynamoDB item with AWS', () => {
  const key = { pk: 'a' }

  it('creates one that does not exist', () => {
    expect(compareItem(item({ value: 'on' }), { key, item: undefined }, 'flags {"pk":"a"}')).toMatchObject({
      kind: 'item',
      name: 'flags {"pk":"a"}',
      action: 'create',
    })
  })

  it('leaves alone an equal one, whatever the order of map members', () => {
    const current = { key, item: { pk: 'a', rollout: { to: 10, from: 0 }, value: 'on' } }
    expect(compareItem(item({ value: 'on', rollout: { from: 0, to: 10 } }), current, 'x').action).toBe('unchanged')
  })

  it('updates one that differs, naming the attributes added, changed or removed', () => {
    const current = { key, item: { pk: 'a', value: 'off', stale: true, same: 1 } }
    expect(compareItem(item({ value: 'on', added: [1], same: 1 }), current, 'x')).toMatchObject({ action: 'update', attributes: ['added', 'stale', 'value'] })
  })

  it('updates one that holds binary data, which the file cannot give', () => {
    expect(compareItem(item({ value: 'on' }), { key, item: null }, 'x').action).toBe('update')
  })
})
