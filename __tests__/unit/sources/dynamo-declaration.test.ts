/** dynamo() and dynamo.json() declarations: what they hold, and every mistake named at declaration. */
import { describe, expect, it } from '@jest/globals'
import { dynamo, registry } from '../../../src/index.js'
import { testOptions } from '../helpers.js'

// Declarations are checked at run time for callers without TypeScript: bypass the types.
const declare = (table: unknown, key: unknown, options?: unknown) => () => dynamo(table as string, key as string, options as undefined)

describe('a dynamo() declaration', () => {
  it('is a frozen reference to the item, reading the "value" attribute by default', () => {
    const reference = dynamo('registry', 'orders', { cacheExpiry: 30_000 })

    expect(reference).toEqual(
      expect.objectContaining({ source: 'dynamodb', kind: 'item', id: 'registry {"pk":"orders"}', selector: '', decoding: 'string', secret: false }),
    )
    expect(reference.options).toEqual({ cacheExpiry: 30_000, attribute: 'value' })
    expect(Object.isFrozen(reference)).toBe(true)
  })

  it('names its key attributes in its id, partition key first, and tells a number from a string', () => {
    expect(dynamo('registry', { partition: 'orders', sort: 'prod' }).id).toBe('registry {"pk":"orders","sk":"prod"}')
    expect(dynamo('registry', { sort: 3, partition: 'orders' }, { partitionKey: 'service', sortKey: 'version' }).id).toBe(
      'registry {"service":"orders","version":3}',
    )
    expect(dynamo('registry', { partition: '3' }).id).toBe('registry {"pk":"3"}')
  })

  it('accepts a table ARN of another account and Region', () => {
    const arn = 'arn:aws:dynamodb:eu-central-1:111111111111:table/service-registry'

    expect(dynamo.json(arn, 'orders').id).toBe(`${arn} {"pk":"orders"}`)
  })

  it('keeps its read options: attribute and consistency', () => {
    expect(dynamo.json('registry', 'orders', { attribute: 'limits', consistentRead: true, optional: true }).options).toEqual({
      attribute: 'limits',
      consistentRead: true,
      optional: true,
    })
  })

  it('is accepted by registry() in a fetch map', () => {
    expect(() => registry({ fetch: { url: dynamo('registry', 'orders') }, ...testOptions() })).not.toThrow()
  })
})

describe('mistakes fail at declaration, naming the option and never echoing a value', () => {
  it.each([
    ['a table that is not a string', [42, 'orders'], 'dynamo(): the table must be a table name or ARN, got 42'],
    ['a table name too short', ['ab', 'orders'], 'dynamo(): the table name "ab" has 2 characters; it must be 3-255 letters, digits or _ . -'],
    [
      'a table name with a space',
      ['my table', 'orders'],
      'dynamo(): the table name "my table" has " " at position 3; it must be 3-255 letters, digits or _ . -',
    ],
    [
      'the ARN of another service',
      ['arn:aws:ssm:eu-west-1:111111111111:parameter/registry', 'orders'],
      'dynamo(): the table ARN "arn:aws:ssm:eu-west-1:111111111111:parameter/registry" is not a DynamoDB table ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME)',
    ],
    ['a table ARN without its account', ['arn:aws:dynamodb:eu-west-1::table/registry', 'orders'], 'dynamo(): the table ARN must name its Region and account'],
    [
      'a table ARN with a bad name',
      ['arn:aws:dynamodb:eu-west-1:111111111111:table/a b', 'orders'],
      'dynamo(): the table name in the ARN "a b" has " " at position 2',
    ],
    [
      'an empty key',
      ['registry', ''],
      "dynamo(): the key's partition value must be a non-empty string of at most 2048 bytes or a finite number, got an empty string",
    ],
    ['a key over 2048 bytes', ['registry', 'é'.repeat(1025)], "dynamo(): the key's partition value must be a non-empty string of at most 2048 bytes"],
    [
      'a sort key over 1024 bytes',
      ['registry', { partition: 'orders', sort: 'x'.repeat(1025) }],
      "dynamo(): the key's sort value must be a non-empty string of at most 1024 bytes",
    ],
    ['a key that is a number', ['registry', 42], 'dynamo(): the key must be a partition key value (a string) or { partition, sort }, got 42'],
    ['a key without partition', ['registry', { sort: 'prod' }], "dynamo(): the key's partition value must be"],
    [
      'a key with an unknown field',
      ['registry', { partition: 'orders', stage: 'prod' }],
      'dynamo(): the key has an unknown field "stage" (allowed: partition, sort)',
    ],
    [
      'a key that is not finite',
      ['registry', { partition: Number.NaN }],
      "dynamo(): the key's partition value must be a non-empty string of at most 2048 bytes or a finite number, got NaN",
    ],
  ])('%s', (_case, [table, key], message) => {
    expect(declare(table, key)).toThrow(TypeError)
    expect(declare(table, key)).toThrow(message)
  })

  it.each([
    [
      'an unknown option',
      { attributeName: 'value' },
      'dynamo(): unknown option "attributeName" (allowed: cacheExpiry, maxStale, optional, assumeRole, partitionKey, sortKey, attribute, consistentRead)',
    ],
    ['an empty partitionKey', { partitionKey: '' }, 'dynamo(): option "partitionKey" must be an attribute name of 1-255 characters, got an empty string'],
    [
      'a sortKey over 255 characters',
      { sortKey: 's'.repeat(256) },
      'dynamo(): option "sortKey" must be an attribute name of 1-255 characters, got a string of 256 characters',
    ],
    ['an empty attribute', { attribute: '' }, 'dynamo(): option "attribute" must be a non-empty string, got an empty string'],
    ['consistentRead that is not a boolean', { consistentRead: 'yes' }, 'dynamo(): option "consistentRead" must be a boolean, got a string of 3 characters'],
    ['a role that is not an ARN', { assumeRole: { roleArn: 'reader' } }, 'dynamo(): option "assumeRole.roleArn" must be an IAM role ARN'],
  ])('%s', (_case, options, message) => {
    expect(declare('registry', { partition: 'orders', sort: 'prod' }, options)).toThrow(message)
  })

  it('rejects a sortKey for a key without a sort value, and one key attribute named twice', () => {
    expect(declare('registry', 'orders', { sortKey: 'stage' })).toThrow(
      'dynamo(): option "sortKey" names a sort key, but the key has no sort value; give the key as { partition, sort }',
    )
    expect(declare('registry', { partition: 'orders', sort: 'prod' }, { partitionKey: 'id', sortKey: 'id' })).toThrow(
      'dynamo(): options "partitionKey" and "sortKey" name the same attribute',
    )
  })

  it('names dynamo.json() in its own errors', () => {
    expect(() => dynamo.json('x', 'orders')).toThrow(/^dynamo\.json\(\): the table name/)
  })

  it('never quotes a rejected key value or option (a table name, a locator, is quoted)', () => {
    const pasted = 'sk-live-7f3a91e2b4 pasted by mistake'
    for (const attempt of [declare('registry', pasted.repeat(100)), declare('registry', 'orders', { attribute: 1, partitionKey: pasted.repeat(10) })]) {
      expect(attempt).toThrow(expect.objectContaining({ message: expect.not.stringContaining('sk-live') }))
    }
  })
})
