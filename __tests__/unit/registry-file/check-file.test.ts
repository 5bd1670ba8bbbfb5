import { describe, expect, it } from '@jest/globals'
import { PublishInputError } from '../../../src/core/problem.js'
import { checkRegistryFile } from '../../../src/registry-file/check-file.js'
import { RegistryFileError } from '../../../src/registry-file/problem.js'

const file = (stage: Record<string, unknown>, top: Record<string, unknown> = {}) => ({ version: 1, ...top, stages: { prod: stage } })

/** The message of the RegistryFileError that checking `parsed` throws. */
function problemOf(parsed: unknown): string {
  try {
    checkRegistryFile(parsed)
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryFileError)
    return (error as Error).message
  }
  throw new Error('expected the file to be refused')
}

describe('a valid registry file', () => {
  it('reads services, parameters, secrets and items into their checked shapes', () => {
    const checked = checkRegistryFile(
      file({
        services: { orders: { endpoint: 'https://orders.example.com', apiKey: { fromEnv: 'ORDERS_KEY' }, tags: { team: 'orders' } } },
        parameters: {
          '/features/prod/checkout-v2': 'on',
          '/orders/prod/hosts': ['a.example.com', 'b.example.com'],
          '/orders/prod/limits': { json: { rps: 200 } },
          '/orders/prod/timeout': 2500,
          '/orders/prod/region': { value: 'eu-west-1', tags: { owner: 'platform' } },
          '/orders/prod/db-password': { secure: { declared: true } },
        },
        secrets: { 'db/prod': { fromEnv: 'DB_SECRET', tags: { owner: 'data' } }, 'legacy/prod': { declared: true, localEnv: 'LEGACY' } },
        dynamo: { flags: [{ pk: 'checkout', value: 'on' }] },
      }),
    )
    expect(checked.stages.prod).toEqual({
      services: {
        orders: { endpoint: 'https://orders.example.com', allowInsecure: false, apiKey: { fromEnv: 'ORDERS_KEY' }, tags: { team: 'orders' }, attributes: {} },
      },
      parameters: {
        '/features/prod/checkout-v2': { type: 'String', value: 'on', tags: {} },
        '/orders/prod/hosts': { type: 'StringList', value: 'a.example.com,b.example.com', tags: {} },
        '/orders/prod/limits': { type: 'String', value: '{"rps":200}', tags: {} },
        '/orders/prod/timeout': { type: 'String', value: '2500', tags: {} },
        '/orders/prod/region': { type: 'String', value: 'eu-west-1', tags: { owner: 'platform' } },
        '/orders/prod/db-password': { type: 'SecureString', source: { declared: true }, tags: {} },
      },
      secrets: {
        'db/prod': { source: { fromEnv: 'DB_SECRET' }, tags: { owner: 'data' } },
        'legacy/prod': { source: { declared: true, localEnv: 'LEGACY' }, tags: {} },
      },
      dynamo: { flags: [{ pk: 'checkout', value: 'on' }] },
    })
  })

  it('accepts a plain-http endpoint beside allowInsecure: true', () => {
    const checked = checkRegistryFile(file({ services: { orders: { endpoint: 'http://localhost:3000', allowInsecure: true } } }))
    expect(checked.stages.prod!.services.orders).toMatchObject({ endpoint: 'http://localhost:3000', allowInsecure: true })
  })

  it('keeps a convention, SSM or DynamoDB', () => {
    expect(checkRegistryFile(file({}, { convention: { endpoint: '/registry/{stage}/{service}/endpoint' } })).convention).toEqual({
      endpoint: '/registry/{stage}/{service}/endpoint',
    })
    expect(checkRegistryFile(file({}, { convention: { table: 'registry' } })).convention).toEqual({ table: 'registry' })
  })

  it('accepts a stage with no sections, and a file with no stages', () => {
    expect(checkRegistryFile(file({})).stages.prod).toEqual({ services: {}, parameters: {}, secrets: {}, dynamo: {} })
    expect(checkRegistryFile({ version: 1, stages: {} }).stages).toEqual({})
  })

  it('keeps the KMS key a SecureString is written with', () => {
    const checked = checkRegistryFile(file({ parameters: { '/db/password': { secure: { fromEnv: 'DB_PASSWORD' }, keyId: 'alias/registry' } } }))
    expect(checked.stages.prod!.parameters['/db/password']).toEqual({
      type: 'SecureString',
      source: { fromEnv: 'DB_PASSWORD' },
      tags: {},
      keyId: 'alias/registry',
    })
  })

  it('ignores the $schema that names the file’s JSON Schema for editors', () => {
    const checked = checkRegistryFile({ $schema: './node_modules/middy-registry/schema/registry-file.schema.json', version: 1, stages: {} })
    expect(checked).toEqual({ version: 1, stages: {} })
  })

  it('accepts service attributes with a DynamoDB convention', () => {
    const checked = checkRegistryFile(
      file({ services: { orders: { endpoint: 'https://o.example.com', attributes: { timeoutMs: 2500 } } } }, { convention: { table: 'registry' } }),
    )
    expect(checked.stages.prod!.services.orders!.attributes).toEqual({ timeoutMs: 2500 })
  })
})

describe('a binary secret', () => {
  it('is declared with binary: true beside its source', () => {
    const checked = checkRegistryFile(file({ secrets: { 'tls/cert': { fromEnv: 'TLS_CERT', binary: true }, 'tls/old': { declared: true, binary: true } } }))
    expect(checked.stages.prod!.secrets).toEqual({
      'tls/cert': { source: { fromEnv: 'TLS_CERT' }, tags: {}, binary: true },
      'tls/old': { source: { declared: true }, tags: {}, binary: true },
    })
  })

  it('is text with binary: false, as without it', () => {
    expect(checkRegistryFile(file({ secrets: { 'db/prod': { fromEnv: 'DB', binary: false } } })).stages.prod!.secrets['db/prod']).toEqual({
      source: { fromEnv: 'DB' },
      tags: {},
    })
  })

  it('refuses binary that is not true or false', () => {
    expect(problemOf(file({ secrets: { 'tls/cert': { fromEnv: 'TLS_CERT', binary: 'yes' } } }))).toBe(
      'stages.prod.secrets["tls/cert"].binary must be true or false, got a string of 3 characters',
    )
  })

  it('is for secrets only: a SecureString or an API key holds text', () => {
    expect(problemOf(file({ parameters: { '/tls/cert': { secure: { fromEnv: 'TLS_CERT', binary: true } } } }))).toBe(
      'stages.prod.parameters["/tls/cert"].secure.binary is for the entries of secrets only: SSM parameters and API keys hold text',
    )
    expect(problemOf(file({ services: { orders: { endpoint: 'https://o.example.com', apiKey: { fromEnv: 'K', binary: true } } } }))).toBe(
      'stages.prod.services.orders.apiKey.binary is for the entries of secrets only: SSM parameters and API keys hold text',
    )
  })
})

describe('a registry file that is refused names the place that is wrong', () => {
  it('an endpoint that is not https', () => {
    expect(problemOf(file({ services: { orders: { endpoint: 'http://orders.example.com' } } }))).toBe(
      'stages.prod.services.orders.endpoint must be an https URL, not http: (set allowInsecure: true beside it to accept it, e.g. for a local server)',
    )
  })

  it('an endpoint with credentials in it, without quoting them', () => {
    const message = problemOf(file({ services: { orders: { endpoint: 'https://admin:s3cr3t@orders.example.com' } } }))
    expect(message).toBe('stages.prod.services.orders.endpoint must not hold credentials (user:password@); give the service an apiKey instead')
  })

  it('a secret value written where a reference belongs, without quoting it', () => {
    const message = problemOf(file({ secrets: { 'db/prod': 'hunter2-password' } }))
    expect(message).toBe(
      'stages.prod.secrets["db/prod"] must be { fromEnv: VARIABLE }, { prompt: true } or { declared: true }, got a string of 16 characters: a secret\'s value never goes in the file',
    )
  })

  it('a secret value written as an API key, without quoting it', () => {
    const message = problemOf(file({ services: { orders: { endpoint: 'https://o.example.com', apiKey: 'sk_live_123' } } }))
    expect(message).toContain('stages.prod.services.orders.apiKey must be { fromEnv: VARIABLE }')
    expect(message).not.toContain('sk_live_123')
  })

  it('a value pasted as fromEnv instead of a variable’s name, without quoting it', () => {
    const message = problemOf(file({ secrets: { 'db/prod': { fromEnv: 'p@ss word!' } } }))
    expect(message).toBe('stages.prod.secrets["db/prod"].fromEnv must name an environment variable (letters, digits and _), got a string of 10 characters')
  })

  it('a secret source with two kinds, or none', () => {
    expect(problemOf(file({ secrets: { 'db/prod': { fromEnv: 'A', declared: true } } }))).toContain('must have exactly one of fromEnv, prompt and declared')
    expect(problemOf(file({ secrets: { 'db/prod': { tags: {} } } }))).toContain('must have exactly one of fromEnv, prompt and declared')
  })

  it('declared: anything but true', () => {
    expect(problemOf(file({ secrets: { 'db/prod': { declared: 'yes' } } }))).toBe(
      'stages.prod.secrets["db/prod"].declared must be true, got a string of 3 characters',
    )
  })

  it('tags on a declared secret, which the file never writes', () => {
    expect(problemOf(file({ secrets: { 'db/prod': { declared: true, tags: { a: 'b' } } } }))).toBe(
      'stages.prod.secrets["db/prod"].tags cannot be set on a declared secret: the file never writes it',
    )
  })

  it('a misspelt section, rather than ignoring it', () => {
    expect(problemOf(file({ paramters: {} }))).toBe('stages.prod.paramters is not allowed here (allowed: services, parameters, secrets, dynamo)')
  })

  it('an unknown member of a service', () => {
    expect(problemOf(file({ services: { orders: { endpoint: 'https://o.example.com', url: 'x' } } }))).toContain(
      'stages.prod.services.orders.url is not allowed here',
    )
  })

  it('a missing or unknown version', () => {
    expect(problemOf({ stages: {} })).toBe('version must be 1 (the only version of the format so far), got undefined')
    expect(problemOf({ version: 2, stages: {} })).toContain('version must be 1')
  })

  it('content that is not an object', () => {
    expect(problemOf(['a'])).toBe('the registry file must be an object with version and stages, got an array')
  })

  it('an invalid stage or service name', () => {
    expect(problemOf({ version: 1, stages: { 'pro d': {} } })).toBe('stages["pro d"] is not a valid stage name: 1-128 letters, digits or _ . -')
    expect(problemOf(file({ services: { 'or/ders': { endpoint: 'https://o.example.com' } } }))).toContain(
      'stages.prod.services["or/ders"] is not a valid service name',
    )
  })

  it('a $schema that is not a string', () => {
    expect(problemOf({ $schema: true, version: 1, stages: {} })).toMatch(/^\["\$schema"\] must be the path or URL of the file's JSON Schema, got /)
  })

  it('a convention that is not an object, a list included', () => {
    expect(problemOf(file({}, { convention: [] }))).toBe(
      'convention must be an object: { endpoint, apiKey } templates or a DynamoDB convention { table, … }, got an array',
    )
    expect(problemOf(file({}, { convention: 'x' }))).toContain('convention must be an object')
  })

  it('an invalid convention', () => {
    expect(problemOf(file({}, { convention: { endpoint: '/{env}/{service}' } }))).toBe(
      'convention.endpoint has unknown placeholder {env} (use {service} and {stage})',
    )
  })

  it('parameter names that are ARNs, carry a selector or break SSM’s rules', () => {
    expect(problemOf(file({ parameters: { 'arn:aws:ssm:eu-west-1:111111111111:parameter/x': 'v' } }))).toContain(
      'is an ARN; the file names parameters in the account it is applied to',
    )
    expect(problemOf(file({ parameters: { '/orders/prod/endpoint:3': 'v' } }))).toBe(
      'stages.prod.parameters["/orders/prod/endpoint:3"] has a version selector (:3); the file names the parameter itself',
    )
    expect(problemOf(file({ parameters: { '/orders/prod/end point': 'v' } }))).toContain(
      'stages.prod.parameters["/orders/prod/end point"] is not a valid parameter name',
    )
  })

  it('parameter values SSM cannot hold', () => {
    expect(problemOf(file({ parameters: { '/a/b': '' } }))).toBe('stages.prod.parameters["/a/b"] must be a non-empty string, got an empty string')
    expect(problemOf(file({ parameters: { '/a/b': [] } }))).toBe('stages.prod.parameters["/a/b"] is an empty list; SSM has no empty StringList')
    expect(problemOf(file({ parameters: { '/a/b': ['x', 'y,z'] } }))).toBe(
      'stages.prod.parameters["/a/b"][1] holds a comma, which separates the items of a StringList',
    )
    expect(problemOf(file({ parameters: { '/a/b': 'x'.repeat(4097) } }))).toContain('is longer than 4096 characters')
    expect(problemOf(file({ parameters: { '/a/b': null } }))).toBe('stages.prod.parameters["/a/b"] must be a non-empty string, got null')
  })

  it('a parameter object with none, or more than one, of value, json and secure', () => {
    expect(problemOf(file({ parameters: { '/a/b': { tags: {} } } }))).toBe(
      'stages.prod.parameters["/a/b"] must be a string, a list, or an object with exactly one of value, json and secure',
    )
    expect(problemOf(file({ parameters: { '/a/b': { value: 'x', json: 1 } } }))).toContain('exactly one of value, json and secure')
    expect(problemOf(file({ parameters: { '/a/b': { value: { json: 1 } } } }))).toBe(
      'stages.prod.parameters["/a/b"].value must be a string or a list, got a object',
    )
  })

  it('a KMS key beside anything but a SecureString apply writes', () => {
    expect(problemOf(file({ parameters: { '/a/b': { value: 'x', keyId: 'alias/k' } } }))).toBe(
      'stages.prod.parameters["/a/b"].keyId goes with secure only: other parameters are not encrypted',
    )
    expect(problemOf(file({ parameters: { '/a/b': { secure: { declared: true }, keyId: 'alias/k' } } }))).toBe(
      'stages.prod.parameters["/a/b"].keyId cannot be set on a declared SecureString: the file never writes it',
    )
    expect(problemOf(file({ parameters: { '/a/b': { secure: { fromEnv: 'A' }, keyId: 'not a key' } } }))).toBe(
      'stages.prod.parameters["/a/b"].keyId must be a KMS key id, key ARN or alias (alias/…), got a string of 9 characters',
    )
  })

  it('invalid tags, naming the tag', () => {
    expect(problemOf(file({ parameters: { '/a/b': { value: 'x', tags: { 'aws:team': 'x' } } } }))).toBe(
      'stages.prod.parameters["/a/b"].tags: tag "aws:team": the "aws:" prefix is reserved for AWS',
    )
    expect(problemOf(file({ services: { orders: { endpoint: 'https://o.example.com', tags: ['x'] } } }))).toBe(
      'stages.prod.services.orders.tags must be an object of tag keys to values',
    )
  })

  it('service attributes without a DynamoDB convention', () => {
    expect(problemOf(file({ services: { orders: { endpoint: 'https://o.example.com', attributes: { timeoutMs: 1 } } } }))).toBe(
      'stages.prod.services.orders.attributes needs a DynamoDB convention (convention: { table }): with SSM, add parameters instead',
    )
  })

  it('a service attribute the DynamoDB convention already writes', () => {
    const parsed = file({ services: { orders: { endpoint: 'https://o.example.com', attributes: { stage: 'x' } } } }, { convention: { table: 'registry' } })
    expect(problemOf(parsed)).toBe('stages.prod.services.orders.attributes.stage is an attribute the convention already writes (a key or the endpoint)')
  })

  it('DynamoDB items that are not objects of plain JSON, and invalid tables', () => {
    expect(problemOf(file({ dynamo: { flags: { pk: 'x' } } }))).toBe('stages.prod.dynamo.flags must be a list of items, got a object')
    expect(problemOf(file({ dynamo: { flags: ['x'] } }))).toBe(
      'stages.prod.dynamo.flags[0] must be an item (an object of attributes), got a string of 1 character',
    )
    expect(problemOf(file({ dynamo: { flags: [{}] } }))).toBe('stages.prod.dynamo.flags[0] is an empty item')
    expect(problemOf(file({ dynamo: { flags: [{ pk: 'x', at: new Date(0) }] } }))).toBe(
      'stages.prod.dynamo.flags[0].at must be plain JSON (string, number, boolean, null, list or map), got a object',
    )
    expect(problemOf(file({ dynamo: { 'a b': [{ pk: 'x' }] } }))).toContain('stages.prod.dynamo["a b"] is not a valid table')
  })

  it('is a PublishInputError, so that the CLI exits 65', () => {
    expect(() => checkRegistryFile({})).toThrow(PublishInputError)
  })
})
