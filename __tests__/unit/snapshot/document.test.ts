import { describe, expect, it } from '@jest/globals'
import { buildSnapshot, parameterFrom, parseSnapshot, pathFrom, withParameter, withPaths } from '../../../src/sources/ssm/snapshot.js'

const now = new Date('2026-01-02T03:04:05.000Z')
const document = buildSnapshot(
  'prod',
  ['/orders/prod'],
  [
    { name: '/orders/prod/endpoint', value: 'https://orders.example.com', type: 'String', version: 3, labels: ['live'] },
    { name: '/orders/prod/regions', value: 'eu-west-1,us-east-1', type: 'StringList', version: 1 },
    { name: '/orders/prod/limits/rps', value: '100', type: 'String', version: 2 },
    { name: '/orders/prod/db/password', value: 'hunter2', type: 'SecureString', version: 5 },
  ],
  now,
)

describe('the snapshot document', () => {
  it('holds String and StringList parameters with their version and labels, and a SecureString by name only', () => {
    expect(document).toEqual({
      format: 'middy-registry/snapshot',
      version: 1,
      stage: 'prod',
      generatedAt: '2026-01-02T03:04:05.000Z',
      paths: ['/orders/prod'],
      parameters: {
        '/orders/prod/endpoint': { value: 'https://orders.example.com', type: 'String', version: 3, labels: ['live'] },
        '/orders/prod/limits/rps': { value: '100', type: 'String', version: 2, labels: [] },
        '/orders/prod/regions': { value: 'eu-west-1,us-east-1', type: 'StringList', version: 1, labels: [] },
      },
      withheld: ['/orders/prod/db/password'],
    })
    expect(JSON.stringify(document)).not.toContain('hunter2')
  })

  it('reads back what it writes, and refuses what is not a snapshot without quoting it', () => {
    expect(parseSnapshot(JSON.stringify(document))).toEqual(document)
    expect(parseSnapshot('not json')).toEqual({ problem: 'is not JSON' })
    expect(parseSnapshot('{"format":"other"}')).toEqual({ problem: 'is not a middy-registry/snapshot document' })
    expect(parseSnapshot(JSON.stringify({ ...document, version: 2 }))).toEqual({ problem: 'has format version 2, not 1' })
    const secure = { ...document, parameters: { '/x': { value: 's3cr3t', type: 'SecureString', version: 1, labels: [] } } }
    const refused = parseSnapshot(JSON.stringify(secure))
    expect(refused).toEqual({ problem: expect.stringContaining('String or StringList') })
    expect(JSON.stringify(refused)).not.toContain('s3cr3t')
  })

  it('answers a name as GetParameters would: latest, pinned to its version, or by a label on that version', () => {
    const latest = { kind: 'parameter', value: 'https://orders.example.com', type: 'String', version: 3 }
    expect(parameterFrom(document, '/orders/prod/endpoint', '')).toEqual(latest)
    expect(parameterFrom(document, '/orders/prod/endpoint', ':3')).toEqual(latest)
    expect(parameterFrom(document, '/orders/prod/endpoint', ':live')).toEqual(latest)
  })

  it('cannot tell an older version, another label, a secret or an unknown name: Parameter Store is asked', () => {
    expect(parameterFrom(document, '/orders/prod/endpoint', ':2')).toBeUndefined()
    expect(parameterFrom(document, '/orders/prod/endpoint', ':canary')).toBeUndefined()
    expect(parameterFrom(document, '/orders/prod/db/password', '')).toBeUndefined()
    expect(parameterFrom(document, '/elsewhere', '')).toBeUndefined()
    expect(parameterFrom(document, 'toString', '')).toBeUndefined()
  })

  it('answers a path it accounts for, recursively or one level, keyed relative to the path', () => {
    expect(pathFrom(document, '/orders/prod/limits', true)).toEqual({ kind: 'path', entries: [{ name: 'rps', value: '100', type: 'String' }] })
    expect(pathFrom(document, '/orders/prod/limits/none', true)).toEqual({ kind: 'path', entries: [] })
  })

  it('cannot tell a path with a SecureString under it, nor one outside its paths', () => {
    expect(pathFrom(document, '/orders/prod', true)).toBeUndefined()
    expect(pathFrom(document, '/orders/prod/db', false)).toBeUndefined()
    expect(pathFrom(document, '/orders', true)).toBeUndefined()
    expect(pathFrom(document, '/orders/production', true)).toBeUndefined()
  })

  it('skips a SecureString one level down when the path is not recursive', () => {
    expect(pathFrom(document, '/orders/prod', false)?.entries.map(({ name }) => name)).toEqual(['endpoint', 'regions'])
  })

  it('changes one parameter as a change event tells it: updated, deleted, or turned into a SecureString', () => {
    const updated = withParameter(document, '/orders/prod/limits/rps', { name: '/orders/prod/limits/rps', value: '200', type: 'String', version: 3 }, now)
    expect(parameterFrom(updated, '/orders/prod/limits/rps', '')).toMatchObject({ value: '200', version: 3 })
    const deleted = withParameter(document, '/orders/prod/regions', undefined, now)
    expect(parameterFrom(deleted, '/orders/prod/regions', '')).toBeUndefined()
    const secured = withParameter(document, '/orders/prod/endpoint', { name: '/orders/prod/endpoint', value: 'x', type: 'SecureString', version: 4 }, now)
    expect(secured.parameters).not.toHaveProperty(['/orders/prod/endpoint'])
    expect(secured.withheld).toEqual(['/orders/prod/db/password', '/orders/prod/endpoint'])
  })
})

describe('refreshing the part of a snapshot under some paths', () => {
  it('replaces what is under them, keeps the rest, and lists each path once', () => {
    const refreshed = withPaths(
      document,
      'prod',
      ['/orders/prod/limits', '/billing/prod'],
      [{ name: '/billing/prod/endpoint', value: 'https://billing.example.com', type: 'String', version: 1 }],
      now,
    )

    expect(Object.keys(refreshed.parameters)).toEqual(['/billing/prod/endpoint', '/orders/prod/endpoint', '/orders/prod/regions'])
    expect(refreshed.withheld).toEqual(['/orders/prod/db/password'])
    expect(refreshed.paths).toEqual(['/billing/prod', '/orders/prod'])
  })

  it('starts a document when there is none', () => {
    const first = withPaths(
      undefined,
      'dev',
      ['/orders/dev'],
      [{ name: '/orders/dev/endpoint', value: 'http://localhost:3000', type: 'String', version: 4 }],
      now,
    )

    expect(first).toMatchObject({ stage: 'dev', paths: ['/orders/dev'], parameters: { '/orders/dev/endpoint': { version: 4 } }, withheld: [] })
  })
})
