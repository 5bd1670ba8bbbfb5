/** cloudMap() and cloudMap.endpoint() declarations: what they hold, and every mistake named at declaration. */
import { describe, expect, it } from '@jest/globals'
import { cloudMap } from '../../../src/index.js'

const ORDERS = { namespace: 'internal', service: 'orders' }
// Declarations are checked at run time for callers without TypeScript: bypass the types.
const declare = (options: unknown) => () => cloudMap(options as Parameters<typeof cloudMap>[0])
const declareEndpoint = (options: unknown) => () => cloudMap.endpoint(options as Parameters<typeof cloudMap.endpoint>[0])

describe('a cloudMap() declaration', () => {
  it('is a frozen reference to the service, reading healthy instances by default', () => {
    const reference = cloudMap({ ...ORDERS, cacheExpiry: 30_000 })

    expect(reference).toEqual(
      expect.objectContaining({ source: 'servicediscovery', kind: 'instances', id: 'internal/orders', selector: '', decoding: 'instances', secret: false }),
    )
    expect(reference.options).toEqual({ healthStatus: 'HEALTHY', cacheExpiry: 30_000 })
    expect(Object.isFrozen(reference)).toBe(true)
  })

  it('keeps its own copy of the query parameters', () => {
    const queryParameters = { stage: 'prod' }
    const reference = cloudMap({ ...ORDERS, queryParameters })
    queryParameters.stage = 'staging'

    expect(reference.options.queryParameters).toEqual({ stage: 'prod' })
    expect(Object.isFrozen(reference.options.queryParameters)).toBe(true)
  })

  it('accepts dotted service names and any printable namespace name', () => {
    expect(cloudMap({ namespace: 'corp.example.com', service: '_http._tcp.orders-v2' }).id).toBe('corp.example.com/_http._tcp.orders-v2')
  })

  it('declares an endpoint with its attribute and scheme', () => {
    const reference = cloudMap.endpoint({ ...ORDERS, attribute: 'url', healthStatus: 'ALL' })

    expect(reference).toEqual(expect.objectContaining({ source: 'servicediscovery', kind: 'instances', decoding: 'endpoint' }))
    expect(reference.options).toEqual({ healthStatus: 'ALL', attribute: 'url' })
  })
})

describe('mistakes fail at declaration, naming the option and never echoing a value', () => {
  it.each([
    ['no options at all', undefined, 'cloudMap(): expects an options object like { namespace, service }'],
    [
      'a missing namespace',
      { service: 'orders' },
      'cloudMap(): option "namespace" must be a namespace name of 1-1024 printable characters without spaces, got undefined',
    ],
    [
      'a namespace with a space',
      { ...ORDERS, namespace: 'my namespace' },
      'option "namespace" must be a namespace name of 1-1024 printable characters without spaces, got a string of 12 characters',
    ],
    ['a missing service', { namespace: 'internal' }, 'cloudMap(): option "service" must be a service name'],
    ['a service with a slash', { ...ORDERS, service: 'orders/v2' }, 'option "service" must be a service name of at most 127 characters'],
    ['a service label ending with -', { ...ORDERS, service: 'orders-' }, 'option "service" must be a service name'],
    ['a service name of 128 characters', { ...ORDERS, service: `${'a'.repeat(63)}.${'b'.repeat(62)}.c` }, 'option "service" must be a service name'],
    [
      'an unknown health status',
      { ...ORDERS, healthStatus: 'healthy' },
      'cloudMap(): option "healthStatus" must be one of HEALTHY, UNHEALTHY, ALL, HEALTHY_OR_ELSE_ALL, got a string of 7 characters',
    ],
    [
      'query parameters that are not strings',
      { ...ORDERS, queryParameters: { port: 8080 } },
      'cloudMap(): option "queryParameters" must be an object of attribute names',
    ],
    [
      'query parameters as an array',
      { ...ORDERS, queryParameters: ['stage=prod'] },
      'option "queryParameters" must be an object of attribute names (1-255 printable characters, no spaces) to strings of at most 1024 characters, got an array',
    ],
    ['a query value over 1024 characters', { ...ORDERS, queryParameters: { stage: 'x'.repeat(1025) } }, 'option "queryParameters" must be'],
    [
      'an option of the endpoint',
      { ...ORDERS, attribute: 'url' },
      'cloudMap(): unknown option "attribute" (allowed: namespace, service, cacheExpiry, maxStale, optional, assumeRole, healthStatus, queryParameters)',
    ],
    ['a negative cacheExpiry', { ...ORDERS, cacheExpiry: -1 }, 'cloudMap(): option "cacheExpiry" must be a number of milliseconds >= 0'],
    ['an assumeRole without a role ARN', { ...ORDERS, assumeRole: {} }, 'cloudMap(): option "assumeRole.roleArn" must be an IAM role ARN'],
  ])('%s', (_case, options, message) => {
    expect(declare(options)).toThrow(TypeError)
    expect(declare(options)).toThrow(message)
  })

  it.each([
    ['an unknown scheme', { ...ORDERS, scheme: 'ftp' }, 'cloudMap.endpoint(): option "scheme" must be "http" or "https", got a string of 3 characters'],
    ['an empty attribute name', { ...ORDERS, attribute: '' }, 'cloudMap.endpoint(): option "attribute" must be a non-empty string, got an empty string'],
    ['a typo in an option name', { ...ORDERS, schema: 'https' }, 'cloudMap.endpoint(): unknown option "schema" (allowed: namespace, service,'],
  ])('cloudMap.endpoint() with %s', (_case, options, message) => {
    expect(declareEndpoint(options)).toThrow(message)
  })

  it('never quotes a rejected string', () => {
    const pasted = 'sk-live-7f3a91e2b4 pasted by mistake'
    for (const options of [
      { ...ORDERS, namespace: pasted },
      { ...ORDERS, service: pasted },
      { ...ORDERS, healthStatus: pasted },
    ]) {
      expect(declare(options)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('sk-live') }))
    }
  })
})
