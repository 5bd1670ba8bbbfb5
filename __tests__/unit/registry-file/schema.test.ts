/**
 * The published JSON Schema (schema/registry-file.schema.json) and the checker agree: every
 * document below is run through both, the checker as the CLI and the local registry run it
 * (checkRegistryFile, then entriesOf). The rules the schema cannot state are listed as known
 * differences, each with its reason, and asserted to differ exactly that way.
 */

import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { Ajv } from 'ajv'
import { checkRegistryFile } from '../../../src/registry-file/check-file.js'
import { entriesOf } from '../../../src/registry-file/entries.js'
import { isRegistryDocument } from '../../../src/registry-file/format.js'
import { parseRegistryText } from '../../../src/registry-file/parse.js'
import { RegistryFileError } from '../../../src/registry-file/problem.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8')
const schema = JSON.parse(read('schema/registry-file.schema.json'))

// Strict, so that a keyword the schema misspells or misplaces fails here rather than being
// ignored by editors. errorMessage and patternErrorMessage are VS Code's and the YAML
// language server's messages; union types (`["string", "number", "boolean"]`) are intended.
// The conditional subschemas (if/then/else, anyOf of `required`) rely on the types the
// main schema states, rather than repeat them: so no strictTypes and strictRequired.
const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, allErrors: true })
ajv.addVocabulary(['errorMessage', 'patternErrorMessage'])
const validate = ajv.compile(schema)

/** Whether the checker accepts the document, as `middy-registry plan` reads it. */
function checkerAccepts(document: unknown): boolean {
  try {
    entriesOf(checkRegistryFile(document))
    return true
  } catch (error) {
    if (error instanceof RegistryFileError) return false
    throw error
  }
}

const schemaAccepts = (document: unknown): boolean => validate(document)
/** `valid`, or the schema's first errors: what a failing test shows. */
const schemaVerdict = (document: unknown): string => (validate(document) ? 'valid' : JSON.stringify(validate.errors?.slice(0, 3)))

const file = (stage: Record<string, unknown>, top: Record<string, unknown> = {}) => ({ version: 1, ...top, stages: { prod: stage } })
const service = (fields: Record<string, unknown>) => file({ services: { orders: { endpoint: 'https://orders.example.com', ...fields } } })
const parameter = (value: unknown) => file({ parameters: { '/orders/prod/x': value } })
const secret = (value: unknown) => file({ secrets: { 'db/prod': value } })
const tags = (value: unknown) => file({ parameters: { '/orders/prod/x': { value: 'x', tags: value } } })
const withDynamo = (convention: Record<string, unknown>, services: Record<string, unknown>) =>
  file({ services }, { convention: { table: 'registry', ...convention } })
const fiftyTags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`tag${index}`, `v${index}`]))
const astral = '\u{1D49C}' // MATHEMATICAL SCRIPT CAPITAL A: a letter, one code point, two UTF-16 units.

const VALID: [string, unknown][] = [
  ['the smallest file', { version: 1, stages: {} }],
  ['a file that names its schema', { $schema: './node_modules/middy-registry/schema/registry-file.schema.json', version: 1, stages: {} }],
  ['a stage with no sections, and empty sections', { version: 1, stages: { prod: {}, dev: { services: {}, parameters: {}, secrets: {}, dynamo: {} } } }],
  [
    'every section at once, as the documentation shows it',
    file({
      services: {
        orders: { endpoint: 'https://orders.example.com', apiKey: { fromEnv: 'ORDERS_PROD_API_KEY' }, tags: { team: 'orders' } },
        billing: { endpoint: 'https://billing.example.com', apiKey: { declared: true } },
      },
      parameters: {
        '/features/prod/checkout-v2': 'on',
        '/orders/prod/hosts': ['a.example.com', 'b.example.com'],
        '/orders/prod/limits': { json: { rps: 200 } },
        '/orders/prod/db-password': { secure: { fromEnv: 'DB_PROD_PASSWORD' } },
      },
      secrets: { 'db/prod': { fromEnv: 'DB_PROD_SECRET', tags: { owner: 'data' } }, 'legacy/prod': { declared: true } },
      dynamo: { flags: [{ pk: 'checkout', value: 'on', weights: [1, 2.5], meta: { on: true, owner: null } }] },
    }),
  ],
  ['a plain-http endpoint beside allowInsecure: true', service({ endpoint: 'http://localhost:3000', allowInsecure: true })],
  ['any URL scheme beside allowInsecure: true', service({ endpoint: 'localhost:3000', allowInsecure: true })],
  ['allowInsecure: false with https, and an https scheme in capitals', service({ endpoint: 'HTTPS://Orders.example.com/v2?x=1#top', allowInsecure: false })],
  ['an @ in an endpoint’s path or query, which is no credential', service({ endpoint: 'https://orders.example.com/@team?by=a@b' })],
  [
    'an SSM convention with both templates',
    file(
      { services: { orders: { endpoint: 'https://o.example.com' } } },
      { convention: { endpoint: '/registry/{stage}/{service}/url', apiKey: 'registry/{stage}/{service}/key' } },
    ),
  ],
  ['an empty convention, which is the default one', file({}, { convention: {} })],
  ['a template with a { that closes nothing', file({}, { convention: { endpoint: '/{service}/{stage}/x{' } })],
  [
    'a DynamoDB convention with every field, and service attributes',
    withDynamo(
      { partitionKey: 'pk', sortKey: 'sk', endpointAttribute: 'url', apiKey: 'keys/{service}/{stage}', consistentRead: true },
      {
        orders: {
          endpoint: 'https://o.example.com',
          apiKey: { prompt: true },
          attributes: { service: 'its own attribute', timeoutMs: 2500, flags: { beta: [true, null] } },
        },
      },
    ),
  ],
  [
    'a DynamoDB convention by table ARN, its keys swapped',
    withDynamo({ table: 'arn:aws:dynamodb:eu-west-1:111111111111:table/registry', partitionKey: 'stage', sortKey: 'service' }, {}),
  ],
  ['empty attributes without a DynamoDB convention', service({ attributes: {} })],
  [
    'parameters of every shape',
    file({
      parameters: {
        plain: 'top-level name',
        '/a/number': 2500,
        '/a/zero': 0,
        '/a/boolean': false,
        '/a/list-of-numbers': [1, 2, 3],
        '/a/value-list': { value: ['x', true], tags: { a: 'b' } },
        '/a/value-number': { value: 7 },
        '/a/json-null': { json: null },
        '/a/json-list': { json: [1, 'a', { b: false }] },
        '/a/trailing/': 'x',
        '/': 'x',
        [`/${'x'.repeat(1010)}`]: 'x',
        [`/${Array.from({ length: 15 }, () => 'l').join('/')}`]: 'x'.repeat(4096),
      },
    }),
  ],
  [
    'SecureStrings: keys, tags, prompts, declared ones without tags',
    file({
      parameters: {
        '/db/alias': { secure: { fromEnv: 'DB_PASSWORD' }, keyId: 'alias/registry', tags: { team: 'data' } },
        '/db/arn': { secure: { prompt: true, localEnv: 'DB_LOCAL' }, keyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
        '/db/declared': { secure: { declared: true, localEnv: '_LOCAL' }, tags: {} },
      },
    }),
  ],
  [
    'secrets of every source',
    file({
      secrets: {
        'db/prod': { fromEnv: 'DB_SECRET', tags: { owner: 'data' } },
        'typed/at-a+terminal=x.y@z': { prompt: true, localEnv: 'TYPED', tags: {} },
        legacy: { declared: true, localEnv: 'LEGACY' },
        'tls/cert': { fromEnv: 'TLS_CERT_BASE64', binary: true },
        'tls/key': { declared: true, binary: false },
        [`s${'x'.repeat(511)}`]: { declared: true, tags: {} },
      },
    }),
  ],
  ['tags at their limits', tags({ ...fiftyTags(48), ['k'.repeat(128)]: 'v'.repeat(256), 'Équipe été 2024 +=:/@-._': '' })],
  ['a tag key that only starts like aws', tags({ 'awsome:x': 'y', aws: 'z' })],
  ['names at their limits', { version: 1, stages: { ['s'.repeat(128)]: { services: { 'a.b_c-D9': { endpoint: 'https://o.example.com' } } }, 'x.y_z-1': {} } }],
  [
    'DynamoDB items in tables by name and ARN, and an empty list',
    file({ dynamo: { flags: [{ pk: 'a' }], 'arn:aws-cn:dynamodb:cn-north-1:111111111111:table/t_1.x': [{ pk: 1 }], empty: [] } }),
  ],
  [
    'two stages under the default convention',
    { version: 1, stages: { prod: service({}).stages.prod, dev: { services: { orders: { endpoint: 'https://dev.example.com' } } } } },
  ],
]

const INVALID: [string, unknown][] = [
  ['content that is not an object', ['a']],
  ['no version', { stages: {} }],
  ['another version', { version: 2, stages: {} }],
  ['the version as text', { version: '1', stages: {} }],
  ['no stages', { version: 1 }],
  ['an unknown top-level member', { version: 1, stages: {}, stage: {} }],
  ['a $schema that is not a string', { $schema: 5, version: 1, stages: {} }],
  ['a convention that is a list', file({}, { convention: [] })],
  ['a convention that is a string', file({}, { convention: '/{service}/{stage}' })],
  ['an unknown placeholder', file({}, { convention: { endpoint: '/{env}/{service}' } })],
  ['a placeholder that swallows the next one', file({}, { convention: { apiKey: '{service/{stage}' } })],
  ['an unknown convention field', file({}, { convention: { prefix: '/x' } })],
  ['an empty template', file({}, { convention: { endpoint: '' } })],
  ['a DynamoDB convention with an invalid table', file({}, { convention: { table: 'ab' } })],
  ['a DynamoDB convention with an SSM field', file({}, { convention: { table: 'registry', endpoint: '/{service}/{stage}' } })],
  ['a DynamoDB convention whose partition key is the default sort key', file({}, { convention: { table: 'registry', partitionKey: 'stage' } })],
  ['a DynamoDB convention whose sort key is the default partition key', file({}, { convention: { table: 'registry', sortKey: 'service' } })],
  ['a DynamoDB convention with an empty attribute name', file({}, { convention: { table: 'registry', endpointAttribute: '' } })],
  ['consistentRead that is not a boolean', file({}, { convention: { table: 'registry', consistentRead: 'yes' } })],
  ['a table ARN of another service', file({}, { convention: { table: 'arn:aws:s3:eu-west-1:111111111111:table/registry' } })],
  ['an invalid stage name', { version: 1, stages: { 'pro d': {} } }],
  ['a stage name too long', { version: 1, stages: { ['s'.repeat(129)]: {} } }],
  ['a stage that is empty in YAML (null)', { version: 1, stages: { prod: null } }],
  ['a misspelt section', file({ paramters: {} })],
  ['a section that is a list', file({ services: [] })],
  ['an invalid service name', file({ services: { 'or/ders': { endpoint: 'https://o.example.com' } } })],
  ['a service without an endpoint', file({ services: { orders: { apiKey: { declared: true } } } })],
  ['an http endpoint', service({ endpoint: 'http://orders.example.com' })],
  ['an http endpoint beside allowInsecure: false', service({ endpoint: 'http://orders.example.com', allowInsecure: false })],
  ['allowInsecure that is not a boolean', service({ endpoint: 'http://localhost:3000', allowInsecure: 'yes' })],
  ['an endpoint without a scheme', service({ endpoint: 'orders.example.com' })],
  ['an empty endpoint', service({ endpoint: '' })],
  ['an endpoint with leading or trailing spaces', service({ endpoint: ' https://orders.example.com' })],
  ['an endpoint with a trailing newline', service({ endpoint: 'https://orders.example.com\n' })],
  ['an endpoint with credentials', service({ endpoint: 'https://admin:s3cr3t@orders.example.com' })],
  ['an endpoint with a user name', service({ endpoint: 'http://admin@localhost:3000', allowInsecure: true })],
  ['an endpoint with a password only', service({ endpoint: 'https://:s3cr3t@orders.example.com' })],
  ['an endpoint longer than SSM allows', service({ endpoint: `https://orders.example.com/${'x'.repeat(4070)}` })],
  ['an unknown member of a service', service({ url: 'https://orders.example.com' })],
  ['an API key written as its value', service({ apiKey: 'sk_live_123' })],
  ['an API key source with tags', service({ apiKey: { fromEnv: 'KEY', tags: {} } })],
  ['attributes without a DynamoDB convention', service({ attributes: { timeoutMs: 1 } })],
  ['an attribute the default DynamoDB convention writes', withDynamo({}, { orders: { endpoint: 'https://o.example.com', attributes: { stage: 'x' } } })],
  [
    'the default endpoint attribute, with other keys',
    withDynamo({ partitionKey: 'pk', sortKey: 'sk' }, { orders: { endpoint: 'https://o.example.com', attributes: { endpoint: 'x' } } }),
  ],
  [
    'an attribute that is not finite (YAML .inf)',
    withDynamo({}, { orders: { endpoint: 'https://o.example.com', attributes: { limit: Number.POSITIVE_INFINITY } } }),
  ],
  ['a parameter name that is an ARN', file({ parameters: { 'arn:aws:ssm:eu-west-1:111111111111:parameter/x': 'v' } })],
  ['a parameter name with a version selector', file({ parameters: { '/orders/prod/endpoint:3': 'v' } })],
  ['a parameter name with a label selector', file({ parameters: { '/orders/prod/endpoint:live': 'v' } })],
  ['a parameter name with a space', file({ parameters: { '/orders/prod/end point': 'v' } })],
  ['a parameter name with levels but no leading /', file({ parameters: { 'orders/prod': 'v' } })],
  ['a parameter name with an empty level', file({ parameters: { '/orders//prod': 'v' } })],
  ['a parameter name 16 levels deep', file({ parameters: { [`/${Array.from({ length: 16 }, () => 'l').join('/')}`]: 'v' } })],
  ['a parameter name too long', file({ parameters: { [`/${'x'.repeat(1011)}`]: 'v' } })],
  ['an empty parameter', parameter('')],
  ['an empty list', parameter([])],
  ['a list item holding a comma', parameter(['x', 'y,z'])],
  ['an empty list item', parameter(['x', ''])],
  ['a list of lists', parameter([['x']])],
  ['a null parameter', parameter(null)],
  ['a parameter that is not finite (YAML .nan)', parameter(Number.NaN)],
  ['a parameter longer than SSM allows', parameter('x'.repeat(4097))],
  ['a parameter object with none of value, json and secure', parameter({ tags: {} })],
  ['a parameter object with two of them', parameter({ value: 'x', json: 1 })],
  ['a value that is an object', parameter({ value: { json: 1 } })],
  ['a null value', parameter({ value: null })],
  ['an unknown member of a parameter', parameter({ value: 'x', type: 'String' })],
  ['a json value that is not finite', parameter({ json: { rps: Number.POSITIVE_INFINITY } })],
  ['a KMS key beside a value', parameter({ value: 'x', keyId: 'alias/k' })],
  ['a KMS key beside a declared SecureString', parameter({ secure: { declared: true }, keyId: 'alias/k' })],
  ['an invalid KMS key', parameter({ secure: { fromEnv: 'A' }, keyId: 'not a key' })],
  ['tags on a declared SecureString', parameter({ secure: { declared: true }, tags: { a: 'b' } })],
  ['a SecureString written as its value', parameter({ secure: 'hunter2' })],
  ['a secret written as its value', secret('hunter2-password')],
  ['a secret value pasted as fromEnv', secret({ fromEnv: 'p@ss word!' })],
  ['a variable that starts with a digit', secret({ prompt: true, localEnv: '1VAR' })],
  ['a secret source with two kinds', secret({ fromEnv: 'A', declared: true })],
  ['a secret source with none', secret({ tags: {} })],
  ['declared: anything but true', secret({ declared: 'yes' })],
  ['prompt: false', secret({ prompt: false })],
  ['localEnv beside fromEnv', secret({ fromEnv: 'A', localEnv: 'B' })],
  ['tags on a declared secret', secret({ declared: true, tags: { a: 'b' } })],
  ['an unknown member of a secret', secret({ fromEnv: 'A', value: 'x' })],
  ['binary that is not a boolean', secret({ fromEnv: 'A', binary: 'yes' })],
  ['binary on an API key', service({ apiKey: { fromEnv: 'KEY', binary: true } })],
  ['binary on a SecureString', parameter({ secure: { fromEnv: 'A', binary: true } })],
  ['a secret name that is an ARN', file({ secrets: { 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf': { declared: true } } })],
  ['a secret name with a space', file({ secrets: { 'db prod': { declared: true } } })],
  ['a secret name too long', file({ secrets: { ['s'.repeat(513)]: { declared: true } } })],
  ['a tag key with the aws: prefix', tags({ 'aws:team': 'x' })],
  ['a tag key with the AWS: prefix in capitals', tags({ 'AWS:team': 'x' })],
  ['51 tags', tags(fiftyTags(51))],
  ['a tag key too long', tags({ ['k'.repeat(129)]: 'v' })],
  ['an empty tag key', tags({ '': 'v' })],
  ['a tag value too long', tags({ k: 'v'.repeat(257) })],
  ['a tag value that is a number', tags({ k: 1 })],
  ['a tag key with a character AWS refuses', tags({ 'team!': 'x' })],
  ['tags that are a list', tags(['x'])],
  ['items that are not a list', file({ dynamo: { flags: { pk: 'x' } } })],
  ['an item that is not an object', file({ dynamo: { flags: ['x'] } })],
  ['an empty item', file({ dynamo: { flags: [{}] } })],
  ['an invalid table', file({ dynamo: { 'a b': [{ pk: 'x' }] } })],
  ['a table ARN without its account', file({ dynamo: { 'arn:aws:dynamodb:eu-west-1::table/flags': [{ pk: 'x' }] } })],
]

/** Rules of the checker the schema does not state (or states differently), and why: each is asserted to differ exactly so. */
const KNOWN_DIFFERENCES: { name: string; document: unknown; checker: boolean; schema: boolean; reason: string }[] = [
  {
    name: 'a service endpoint also given as a parameter',
    document: file({ services: { orders: { endpoint: 'https://o.example.com' } }, parameters: { '/orders/prod/endpoint': 'x' } }),
    checker: false,
    schema: true,
    reason: 'duplicates span sections: the names a service gives come from the convention, filled in',
  },
  {
    name: 'a service API key also given as a secret',
    document: file({
      services: { orders: { endpoint: 'https://o.example.com', apiKey: { declared: true } } },
      secrets: { 'orders/prod/api-key': { declared: true } },
    }),
    checker: false,
    schema: true,
    reason: 'duplicates span sections: the names a service gives come from the convention, filled in',
  },
  {
    name: 'a convention without {stage}, with a service in two stages',
    document: {
      version: 1,
      convention: { endpoint: '/{service}/endpoint' },
      stages: { prod: { services: { orders: { endpoint: 'https://o.example.com' } } }, dev: { services: { orders: { endpoint: 'https://d.example.com' } } } },
    },
    checker: false,
    schema: true,
    reason: 'duplicates span stages',
  },
  {
    name: 'a convention that gives invalid parameter names once filled in',
    document: { ...service({}), convention: { endpoint: '{service}/{stage}/endpoint' } },
    checker: false,
    schema: true,
    reason: 'the names are checked with a service and stage filled in, and only where the file has a service',
  },
  {
    name: 'a convention that gives ARNs',
    document: { ...service({}), convention: { endpoint: 'arn:aws:ssm:eu-west-1:111111111111:parameter/{service}/{stage}' } },
    checker: false,
    schema: true,
    reason: 'the names are checked with a service and stage filled in, and only where the file has a service',
  },
  {
    name: 'a DynamoDB convention that gives invalid secret names',
    document: withDynamo({ apiKey: 'keys {service}' }, { orders: { endpoint: 'https://o.example.com', apiKey: { declared: true } } }),
    checker: false,
    schema: true,
    reason: 'the names are checked with a service and stage filled in, and only where a service has an apiKey',
  },
  {
    name: 'a DynamoDB convention with the same partition and sort key',
    document: file({}, { convention: { table: 'registry', partitionKey: 'id', sortKey: 'id' } }),
    checker: false,
    schema: true,
    reason: 'draft-07 cannot compare two values; the schema refuses only a key that equals the other’s default',
  },
  {
    name: 'an attribute named as a custom key',
    document: withDynamo({ partitionKey: 'pk' }, { orders: { endpoint: 'https://o.example.com', attributes: { pk: 'x' } } }),
    checker: false,
    schema: true,
    reason: 'the reserved names come from the convention’s values; the schema refuses only the default names',
  },
  {
    name: 'a StringList longer than SSM allows, joined',
    document: parameter(['x'.repeat(2048), 'y'.repeat(2048)]),
    checker: false,
    schema: true,
    reason: 'the limit is on the items joined with commas; the schema limits each item',
  },
  {
    name: 'a json parameter longer than SSM allows, serialised',
    document: parameter({ json: ['x'.repeat(2000), 'y'.repeat(2000), 'z'.repeat(100)] }),
    checker: false,
    schema: true,
    reason: 'the limit is on the serialised JSON',
  },
  {
    name: 'an endpoint that is not a URL though it has a scheme',
    document: service({ endpoint: 'https://orders example.com' }),
    checker: false,
    schema: true,
    reason: 'the checker parses the URL (WHATWG); the schema checks its scheme, with no URL format editors agree on',
  },
  {
    name: 'credentials in an endpoint without //',
    document: service({ endpoint: 'https:admin@orders.example.com' }),
    checker: false,
    schema: true,
    reason: 'the schema refuses the usual scheme://user:password@ form only',
  },
  {
    name: 'a tag value of 200 letters outside the BMP',
    document: tags({ k: astral.repeat(200) }),
    checker: false,
    schema: true,
    reason: 'AWS and the checker count UTF-16 units (400 here); JSON Schema counts characters (200)',
  },
  {
    name: 'an endpoint that starts with a control character',
    document: service({ endpoint: '\u0001https://orders.example.com' }),
    checker: true,
    schema: false,
    reason: 'the URL parser strips it; the schema wants the scheme first',
  },
]

describe('the registry file schema', () => {
  it('is a valid draft-07 schema, strict', () => {
    expect(ajv.validateSchema(schema)).toBe(true)
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#')
  })

  it('covers enough documents', () => {
    expect(VALID.length).toBeGreaterThanOrEqual(15)
    expect(INVALID.length).toBeGreaterThanOrEqual(25)
  })

  it.each(VALID)('accepts what the checker accepts: %s', (_, document) => {
    expect(checkerAccepts(document)).toBe(true)
    expect(schemaVerdict(document)).toBe('valid')
  })

  it.each(INVALID)('refuses what the checker refuses: %s', (_, document) => {
    expect(checkerAccepts(document)).toBe(false)
    expect(schemaAccepts(document)).toBe(false)
  })

  it.each(KNOWN_DIFFERENCES.map((difference) => [difference.name, difference] as const))('differs, as listed: %s', (_, difference) => {
    expect(difference.reason).not.toBe('')
    expect({ checker: checkerAccepts(difference.document), schema: schemaAccepts(difference.document) }).toEqual({
      checker: difference.checker,
      schema: difference.schema,
    })
  })
})

/** Files under `directory` (not node_modules nor build output) whose name ends with one of `extensions`. */
function filesUnder(directory: string, extensions: RegExp): string[] {
  return readdirSync(`${root}${directory}`, { withFileTypes: true }).flatMap((entry) => {
    const path = `${directory}/${entry.name}`
    if (entry.isDirectory()) return ['node_modules', 'cdk.out', '.build'].includes(entry.name) ? [] : filesUnder(path, extensions)
    return extensions.test(entry.name) ? [path] : []
  })
}

/** The registry files in the repository: the examples', and the YAML and JSON blocks of the documentation that hold one. */
async function repositoryFiles(): Promise<[string, unknown][]> {
  const files: [string, unknown][] = []
  for (const path of filesUnder('examples', /registry.*\.(ya?ml|json)$/)) {
    const document = await parseRegistryText(path, read(path))
    if (isRegistryDocument(document)) files.push([path, document])
  }
  for (const page of ['README.md', ...filesUnder('docs', /\.md$/)]) {
    for (const [index, [, syntax, text]] of [...read(page).matchAll(/```(yaml|json)\n([\s\S]*?)```/g)].entries()) {
      const document = await parseRegistryText(`registry.${syntax}`, text!).catch(() => undefined)
      if (isRegistryDocument(document)) files.push([`${page}, block ${index + 1}`, document])
    }
  }
  return files
}

const REPOSITORY_FILES = await repositoryFiles()

describe('the registry files in the repository', () => {
  it('include the demo’s and the documentation’s', () => {
    expect(REPOSITORY_FILES.map(([name]) => name)).toEqual(
      expect.arrayContaining(['examples/demo/registry.yaml', expect.stringMatching(/^docs\/registry-as-code\.md/)]),
    )
  })

  it.each(REPOSITORY_FILES)('pass the checker and the schema: %s', (_, document) => {
    expect(checkerAccepts(document)).toBe(true)
    expect(schemaVerdict(document)).toBe('valid')
  })
})

describe('the package', () => {
  it('ships the schema, as middy-registry/registry-file.schema.json', () => {
    const { files, exports } = JSON.parse(read('package.json')) as { files: string[]; exports: Record<string, unknown> }
    expect(files).toContain('schema')
    expect(exports['./registry-file.schema.json']).toBe('./schema/registry-file.schema.json')
  })
})
