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
    expect(() => anyRegistry({ fetch: { ordersUrl: '/orders/prod/endpoint' } })).toThrow(
      /fetch\.ordersUrl is not a reference \(a string of 21 characters\); declare it with ssm\(\), secret\(\)/,
    )
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

describe('registry() checks every key of awsClientOptions against the SDK clients’ options', () => {
  it('refuses a typo, naming the option path and the option meant', () => {
    expect(() => anyRegistry({ fetch: { url: ssm('/x') }, awsClientOptions: { regoin: 'eu-west-1' } })).toThrow(
      new TypeError('registry(): awsClientOptions.regoin is not an option of the AWS SDK\'s clients (did you mean "region"?)'),
    )
  })

  it('suggests the option whatever its case', () => {
    expect(() => anyRegistry({ fetch: { url: ssm('/x') }, awsClientOptions: { MaxAttempts: 3 } })).toThrow('(did you mean "maxAttempts"?)')
  })

  it('refuses a key that is no option at all, without a guess', () => {
    expect(() => anyRegistry({ fetch: { url: ssm('/x') }, awsClientOptions: { timeoutSeconds: 3 } })).toThrow(
      new TypeError("registry(): awsClientOptions.timeoutSeconds is not an option of the AWS SDK's clients"),
    )
  })

  it('refuses a Region that is not a name', () => {
    expect(() => anyRegistry({ fetch: { url: ssm('/x') }, awsClientOptions: { region: '' } })).toThrow(
      'registry(): awsClientOptions.region must be a Region name such as "eu-west-1"',
    )
  })

  it('accepts the SDK’s documented options', () => {
    const awsClientOptions = {
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:5000',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 3,
      retryMode: 'adaptive',
      logger: console,
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
      customUserAgent: 'orders/1.0',
    }
    expect(() => registry({ fetch: { url: ssm('/x') }, awsClientOptions, prefetch: false })).not.toThrow()
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

  it('quotes the name, which is a locator, not a secret', () => {
    expect(() => ssm('/orders/prod /endpoint')).toThrow(
      new TypeError('ssm(): parameter name "/orders/prod /endpoint" has " " at position 13: names may only hold letters, digits and _ . - /'),
    )
  })

  it('says an empty name is empty, without describing it', () => {
    expect(() => ssm('')).toThrow(new TypeError('ssm(): parameter name is empty'))
  })

  it('caps a long name at 80 characters in the message', () => {
    expect(() => ssm(`/${'a'.repeat(1011)}`)).toThrow(`ssm(): parameter name "/${'a'.repeat(79)}"…(1012 characters) is longer than 1011 characters`)
  })

  it.each(['/orders/prod/endpoint', 'plain-name', '/a.b_c-d', '/aws/reference/secretsmanager/db'])('accepts %p', (name) => {
    expect(ssm(name).id).toBe(name)
  })

  it('splits a version or label selector from the name', () => {
    expect(ssm('/orders/prod/endpoint:3')).toMatchObject({ id: '/orders/prod/endpoint', selector: ':3' })
    expect(ssm('/orders/prod/endpoint:live')).toMatchObject({ id: '/orders/prod/endpoint', selector: ':live' })
  })

  it('rejects a selector that is neither a version nor a label', () => {
    expect(() => ssm('/orders/prod/endpoint:0')).toThrow('ssm(): the selector "0" after the last ":" is neither a version number nor a label')
  })

  it('accepts an SSM ARN with a selector and keeps the ARN as the id', () => {
    const arn = 'arn:aws:ssm:eu-west-1:111111111111:parameter/shared/endpoint'
    expect(ssm(`${arn}:2`)).toMatchObject({ id: arn, selector: ':2' })
  })

  it('rejects an ARN of another service', () => {
    expect(() => ssm('arn:aws:s3:eu-west-1:111111111111:parameter/x')).toThrow(/is not an SSM parameter ARN/)
  })

  it('rejects unknown and ill-typed options', () => {
    expect(() => anySsm('/a', { decrypted: true })).toThrow(
      /ssm\(\): unknown option "decrypted" \(allowed: cacheExpiry, maxStale, optional, default, decrypt, assumeRole\)/,
    )
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
    expect(() => secret('orders prod')).toThrow(
      'secret(): secret id "orders prod" has " " at position 7; it must be 1-512 letters, digits or / _ + = . @ -, or an ARN',
    )
  })

  it('rejects a non-Secrets Manager ARN', () => {
    expect(() => secret('arn:aws:ssm:eu-west-1:111111111111:parameter/x')).toThrow(/is not a Secrets Manager ARN/)
  })

  it('rejects versionStage together with versionId', () => {
    expect(() => secret('db/prod', { versionStage: 'AWSPREVIOUS', versionId: 'a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d' })).toThrow(
      /"versionStage" and "versionId" cannot be combined/,
    )
  })

  it('quotes a rejected id, which is a locator, capped at 80 characters', () => {
    const long = `orders/${'x'.repeat(100)} `
    expect(() => secret(long)).toThrow(`secret(): secret id ${JSON.stringify(long.slice(0, 80))}…(108 characters) has " " at position 108`)
  })

  it('says an empty id is empty', () => {
    expect(() => secret('')).toThrow('secret(): secret id is empty; it must be 1-512 letters')
  })
})

describe('registry() refuses fetch keys that cannot become context properties', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %p, naming it', (key) => {
    expect(() => anyRegistry({ fetch: { [key]: ssm('/x') } })).toThrow(
      new TypeError(
        `registry(): option "fetch" cannot have the key "${key}": __proto__, constructor and prototype would reach the object's prototype instead of becoming a property; choose another key`,
      ),
    )
  })

  it('refuses "__proto__" as an own key of a map built from parsed JSON', () => {
    const names = JSON.parse('{"ordersUrl": "/orders/prod/endpoint", "__proto__": "/x"}') as Record<string, string>
    const fetch = Object.fromEntries(Object.entries(names).map(([key, name]) => [key, ssm(name)]))
    expect(() => anyRegistry({ fetch })).toThrow(/option "fetch" cannot have the key "__proto__"/)
  })

  it('refuses a map whose prototype a literal { __proto__: … } set, instead of calling it empty', () => {
    // The literal sets the prototype: the map declares nothing of its own.
    expect(() => anyRegistry({ fetch: { __proto__: ssm('/x') } })).toThrow(
      new TypeError(
        'registry(): option "fetch" must be a plain object, but its prototype is neither Object.prototype nor null (a literal { __proto__: … } sets the prototype and declares nothing)',
      ),
    )
  })

  it('accepts a map without a prototype', () => {
    const fetch = Object.assign(Object.create(null) as object, { ordersUrl: ssm('/orders/prod/endpoint') })
    expect(() => anyRegistry({ fetch, prefetch: false })).not.toThrow()
  })
})

describe('error messages quote at most 80 characters of an input', () => {
  const long = 'x'.repeat(100_000)

  it('cuts a non-Secrets Manager ARN given to secret(), saying how long it was', () => {
    const id = `arn:aws:kms:eu-west-1:111111111111:key/${long}`
    expect(() => secret(id)).toThrow(
      `secret(): ${JSON.stringify(id.slice(0, 80))}…(${id.length} characters) is not a Secrets Manager ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)`,
    )
  })

  it('cuts a non-SSM ARN given to ssm()', () => {
    const message = (() => {
      try {
        ssm(`arn:aws:s3:eu-west-1:111111111111:parameter/${long}`)
      } catch (error) {
        return (error as Error).message
      }
    })()
    expect(message).toMatch(/…\(100044 characters\) is not an SSM parameter ARN/)
    expect(message!.length).toBeLessThan(200)
  })

  it('cuts an unknown option’s name', () => {
    expect(() => anyRegistry({ fetch: { a: ssm('/a') }, [long]: 1 })).toThrow(`registry(): unknown option "${'x'.repeat(80)}"…(100000 characters) (allowed:`)
    expect(() => anySsm('/a', { [long]: true })).toThrow(`ssm(): unknown option "${'x'.repeat(80)}"…(100000 characters) (allowed:`)
  })

  it('cuts a fetch key that is not a reference', () => {
    expect(() => anyRegistry({ fetch: { [long]: '/a' } })).toThrow(
      `registry(): fetch["${'x'.repeat(80)}"…(100000 characters)] is not a reference (a string of 2 characters)`,
    )
  })
})

describe('secret() validates a Secrets Manager ARN', () => {
  const arn = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:orders/prod/api-key'

  it.each([
    ['a partial ARN', arn],
    ['a full ARN, with AWS’s 6-character suffix', `${arn}-AbC123`],
    ['an ARN in another partition', 'arn:aws-cn:secretsmanager:cn-north-1:111111111111:secret:db'],
  ])('accepts %s', (_label, id) => {
    expect(secret(id).id).toBe(id)
  })

  it.each([
    ['without a Region', 'arn:aws:secretsmanager::111111111111:secret:db', 'must name its Region'],
    ['without an account', 'arn:aws:secretsmanager:eu-west-1::secret:db', 'must name its account, 12 digits'],
    ['with an account of 11 digits', 'arn:aws:secretsmanager:eu-west-1:11111111111:secret:db', 'must name its account, 12 digits'],
    ['in an unknown partition', 'arn:azure:secretsmanager:eu-west-1:111111111111:secret:db', 'has an unknown partition'],
  ])('refuses an ARN %s', (_label, id, problem) => {
    expect(() => secret(id)).toThrow(`secret(): the ARN ${JSON.stringify(id)} ${problem}`)
  })

  it.each([
    ['an empty name', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:', 'is empty'],
    ['a space in the name', `${arn.replace('api-key', 'api key')}`, '"orders/prod/api key" has " " at position 16'],
    ['a ":" in the name', `${arn}:AWSCURRENT`, '"orders/prod/api-key:AWSCURRENT" has ":" at position 20'],
    [
      'a name of 513 characters',
      `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${'a'.repeat(513)}`,
      `"${'a'.repeat(80)}"…(513 characters) has 513 characters`,
    ],
  ])('refuses an ARN with %s, quoting the name (capped)', (_label, id, problem) => {
    expect(() => secret(id)).toThrow(
      `secret(): the secret name in the ARN ${problem}; it must be 1-512 letters, digits or / _ + = . @ -, and may end with AWS's 6-character suffix`,
    )
  })

  it('accepts a name of 512 characters followed by AWS’s suffix', () => {
    const id = `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${'a'.repeat(512)}-AbC123`
    expect(secret(id).id).toBe(id)
  })
})

describe('secret() validates versionStage and versionId', () => {
  const anySecret = secret as (id: unknown, options?: unknown) => unknown

  it.each([
    ['AWSCURRENT', 'AWSCURRENT'],
    ['AWSPENDING', 'AWSPENDING'],
    ['a label of your own, with punctuation', 'blue/green:2026@eu'],
    ['a label of 256 characters', 'x'.repeat(256)],
  ])('accepts %s', (_label, versionStage) => {
    expect(() => secret('db/prod', { versionStage })).not.toThrow()
  })

  it.each([
    ['an empty label', '', 'an empty string'],
    ['a space', 'AWS PREVIOUS', 'a string of 12 characters'],
    ['a newline', 'AWSPREVIOUS\n', 'a string of 12 characters'],
    ['a control character', 'AWS\u0000', 'a string of 4 characters'],
    ['257 characters', 'x'.repeat(257), 'a string of 257 characters'],
  ])('refuses a staging label with %s, naming the option and caller', (_label, versionStage, described) => {
    expect(() => secret.json('db/prod', { versionStage })).toThrow(
      new TypeError(
        `secret.json(): option "versionStage" must be a staging label of 1-256 characters, without whitespace or control characters, got ${described}`,
      ),
    )
  })

  it.each([
    ['a UUID', 'a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d'],
    ['32 hexadecimal digits', 'a1b2c3d45e6f4a7b8c9d0e1f2a3b4c5d'],
    ['an id of 64 characters', 'A'.repeat(64)],
  ])('accepts a version id: %s', (_label, versionId) => {
    expect(() => secret('db/prod', { versionId })).not.toThrow()
  })

  it.each([
    ['31 characters', 'a'.repeat(31), 'a string of 31 characters'],
    ['65 characters', 'a'.repeat(65), 'a string of 65 characters'],
    ['a character other than letters, digits and -', 'a1b2c3d4_5e6f_4a7b_8c9d_0e1f2a3b4c5d', 'a string of 36 characters'],
    ['a number', 42, '42'],
  ])('refuses a version id of %s, never quoting it', (_label, versionId, described) => {
    expect(() => anySecret('db/prod', { versionId })).toThrow(
      new TypeError(`secret(): option "versionId" must be a version id of 32-64 letters, digits or -, got ${described}`),
    )
  })
})
