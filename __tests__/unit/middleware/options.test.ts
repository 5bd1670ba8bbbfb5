import { describe, expect, it } from '@jest/globals'
import { registry, secret, ssm } from '../../../src/index.js'

const anyRegistry = registry as (options: unknown) => unknown
const anySsm = ssm as (name: unknown, options?: unknown) => unknown

describe('registry() rejects invalid options at construction, naming the option', () => {
  it('requires fetch', () => {
    expect(() => anyRegistry({})).toThrow(new TypeError('registry(): option "fetch" is required: an object of context keys to references'))
  })

  it('rejects an empty fetch map', () => {
    expect(() => anyRegistry({ fetch: {} })).toThrow(/option "fetch" is empty/)
  })

  it('rejects a fetch value that is not a reference, naming the key', () => {
    expect(() => anyRegistry({ fetch: { ordersUrl: '/orders/prod/endpoint' } })).toThrow(/fetch\.ordersUrl is not a reference \(a string of 21 characters\); declare it with ssm\(\), secret\(\)/)
  })

  it('rejects an unknown option, listing the allowed ones', () => {
    expect(() => anyRegistry({ fetch: { a: ssm('/a') }, cacheExpire: 10 })).toThrow(/unknown option "cacheExpire" \(allowed: fetch, cacheExpiry/)
  })

  it.each([[-1], [Number.NaN], ['300'], [null]])('rejects cacheExpiry %p', (cacheExpiry) => {
    expect(() => anyRegistry({ fetch: { a: ssm('/a') }, cacheExpiry })).toThrow(/option "cacheExpiry" must be a number of milliseconds >= 0/)
  })

  it('accepts Infinity and 0 as cacheExpiry', () => {
    expect(() => registry({ fetch: { a: ssm('/a') }, cacheExpiry: Infinity, prefetch: false })).not.toThrow()
    expect(() => registry({ fetch: { a: ssm('/a') }, cacheExpiry: 0, prefetch: false })).not.toThrow()
  })

  it('rejects a non-boolean prefetch', () => {
    expect(() => anyRegistry({ fetch: { a: ssm('/a') }, prefetch: 'yes' })).toThrow(/option "prefetch" must be a boolean/)
  })

  it('rejects a client without send()', () => {
    expect(() => anyRegistry({ fetch: { a: ssm('/a') }, clients: { ssm: {} } })).toThrow(/clients\.ssm must be an AWS SDK v3 client/)
  })

  it('rejects a client for a service it does not use', () => {
    expect(() => anyRegistry({ fetch: { a: ssm('/a') }, clients: { dynamo: { send() {} } } })).toThrow(/clients\.dynamo is not a client this middleware uses/)
  })

  it('rejects a key that would overwrite the Lambda context', () => {
    expect(() => anyRegistry({ fetch: { functionName: ssm('/a') } })).toThrow(/fetch\.functionName would overwrite the Lambda context's own "functionName"/)
  })

  it('rejects an empty local path', () => {
    expect(() => anyRegistry({ fetch: { a: ssm('/a') }, local: '' })).toThrow(/option "local" must be a file path or false/)
  })

  it('does not mutate the caller’s frozen options', () => {
    const reference = ssm('/a', Object.freeze({ cacheExpiry: 1000 }))
    const options = Object.freeze({ fetch: Object.freeze({ a: reference }), cacheExpiry: 5, prefetch: false })
    expect(() => registry(options)).not.toThrow()
    expect(options).toEqual({ fetch: { a: reference }, cacheExpiry: 5, prefetch: false })
  })
})

describe('ssm() validates the parameter name when it is declared', () => {
  it.each([
    ['an empty name', '', /is empty/],
    ['a space', '/orders prod/endpoint', /has " " at position 8: names may only hold letters, digits and _ \. - \//],
    ['a hierarchy without leading slash', 'orders/prod', /must start with "\/" when it has a hierarchy/],
    ['an empty level', '/orders//endpoint', /has an empty level/],
    ['16 levels', `/${'a/'.repeat(15)}b`, /is deeper than 15 levels/],
    ['1012 characters', `/${'a'.repeat(1011)}`, /is longer than 1011 characters/],
  ])('rejects %s', (_label, name, problem) => {
    expect(() => ssm(name)).toThrow(problem)
  })

  it.each(['/orders/prod/endpoint', 'plain-name', '/a.b_c-d', '/aws/reference/secretsmanager/db'])('accepts %p', (name) => {
    expect(ssm(name).id).toBe(name)
  })

  it('splits a version or label selector from the name', () => {
    expect(ssm('/orders/prod/endpoint:3')).toMatchObject({ id: '/orders/prod/endpoint', selector: ':3' })
    expect(ssm('/orders/prod/endpoint:live')).toMatchObject({ id: '/orders/prod/endpoint', selector: ':live' })
  })

  it('rejects a selector that is neither a version nor a label', () => {
    expect(() => ssm('/orders/prod/endpoint:0')).toThrow(/the selector after the last ":" \(a string of 1 character\) is neither a version number nor a label/)
  })

  it('accepts an SSM ARN with a selector and keeps the ARN as the id', () => {
    const arn = 'arn:aws:ssm:eu-west-1:111111111111:parameter/shared/endpoint'
    expect(ssm(`${arn}:2`)).toMatchObject({ id: arn, selector: ':2' })
  })

  it('rejects an ARN of another service', () => {
    expect(() => ssm('arn:aws:s3:eu-west-1:111111111111:parameter/x')).toThrow(/is not an SSM parameter ARN/)
  })

  it('rejects unknown and ill-typed options', () => {
    expect(() => anySsm('/a', { decrypted: true })).toThrow(/ssm\(\): unknown option "decrypted" \(allowed: cacheExpiry, maxStale, optional, decrypt, assumeRole\)/)
    expect(() => anySsm('/a', { decrypt: 'no' })).toThrow(/ssm\(\): option "decrypt" must be a boolean, got a string of 2 characters/)
  })

  it('requires a path to start with "/"', () => {
    expect(() => ssm.path('features/prod')).toThrow(/ssm\.path\(\): a path must be a string starting with "\/"/)
  })

  it('normalises a path without its trailing slash', () => {
    expect(ssm.path('/features/prod/').id).toBe('/features/prod')
    expect(ssm.path('/').id).toBe('/')
  })
})

describe('secret() validates the secret id when it is declared', () => {
  it('rejects an id with characters AWS does not allow', () => {
    expect(() => secret('orders prod')).toThrow('secret(): secret id (a string of 11 characters) has " " at position 7; it must be 1-512 letters, digits or / _ + = . @ -, or an ARN')
  })

  it('rejects a non-Secrets Manager ARN', () => {
    expect(() => secret('arn:aws:ssm:eu-west-1:111111111111:parameter/x')).toThrow(/is not a Secrets Manager ARN/)
  })

  it('rejects versionStage together with versionId', () => {
    expect(() => secret('db/prod', { versionStage: 'AWSPREVIOUS', versionId: 'v1' })).toThrow(/"versionStage" and "versionId" cannot be combined/)
  })

  it('never echoes a rejected value (it might be a secret pasted in the wrong place)', () => {
    const pasted = 'sk_live_0123'
    expect(() => secret(pasted + ' ')).toThrow(/a string of 13 characters/)
    expect(() => secret(pasted + ' ')).not.toThrow(new RegExp(pasted))
  })
})
