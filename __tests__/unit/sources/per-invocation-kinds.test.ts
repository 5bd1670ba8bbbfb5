/**
 * Which references take an id computed per invocation: every SSM and Secrets Manager
 * kind, an S3 key, a DynamoDB key and a source of your own's id; the others refuse a
 * function when they are declared.
 */
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  appConfig,
  cloudMap,
  type DynamoKey,
  defineSource,
  dsqlAuthToken,
  dynamo,
  type InvocationRequest,
  RegistryError,
  rdsAuthToken,
  registry,
  s3,
  secret,
  ssm,
} from '../../../src/index.js'
import { serveItems } from '../dynamo-store.js'
import { lambdaContext, testOptions } from '../helpers.js'
import { resetAll, serveParameters, serveSecrets, ssmMock } from '../mocks.js'
import { removeRegistryFiles, writeRegistry } from '../registry-files.js'
import { getObjectInputs, serveBucket } from '../s3-objects.js'

type TenantRequest = InvocationRequest<{ tenantId: string }>
const requestFor = (tenantId: string): TenantRequest => ({ event: { tenantId }, context: lambdaContext() })

beforeEach(() => resetAll())
afterEach(() => removeRegistryFiles())

describe('references that take a per-invocation id', () => {
  it('s3(): a key computed per invocation, in a fixed bucket', async () => {
    serveBucket('acme-config', { 'tenants/acme/banner.txt': 'Welcome, Acme', 'tenants/globex/banner.txt': 'Welcome, Globex' })
    const middleware = registry({
      fetch: { banner: s3('acme-config', ({ event }: TenantRequest) => `tenants/${event.tenantId}/banner.txt`) },
      ...testOptions(),
    })
    expect((await middleware.values(requestFor('globex'))).banner).toBe('Welcome, Globex')
    expect(getObjectInputs().map(({ Bucket, Key }) => `${Bucket}/${Key}`)).toEqual(['acme-config/tenants/globex/banner.txt'])
  })

  it('dynamo(): a key computed per invocation, as a string or { partition, sort }', async () => {
    serveItems({ tenants: { key: ['pk', 'sk'], items: [{ pk: { S: 'acme' }, sk: { S: 'prod' }, value: { S: 'https://acme.example.com' } }] } })
    const keyOf = ({ event }: TenantRequest): DynamoKey => ({ partition: event.tenantId, sort: 'prod' })
    const middleware = registry({ fetch: { url: dynamo('tenants', keyOf) }, ...testOptions() })
    expect((await middleware.values(requestFor('acme'))).url).toBe('https://acme.example.com')
  })

  it('dynamo(): a computed key is checked as a declared one, failing its key with InvalidId', async () => {
    const middleware = registry({ fetch: { url: dynamo('tenants', () => ({ partition: '' })) }, ...testOptions() })
    const error = (await middleware.values(requestFor('acme')).catch((reason: unknown) => reason)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.failures.map(({ id, code }) => [id, code])).toEqual([['tenants <per-invocation>', 'InvalidId']])
  })

  it('ssm.path(): a path computed per invocation', async () => {
    ssmMock.on(GetParametersByPathCommand).resolves({ Parameters: [{ Name: '/tenants/acme/limits/rps', Value: '5', Type: 'String' }] })
    const middleware = registry({ fetch: { limits: ssm.path(({ event }: TenantRequest) => `/tenants/${event.tenantId}/limits/`) }, ...testOptions() })
    expect((await middleware.values(requestFor('acme'))).limits).toEqual({ rps: '5' })
    expect(ssmMock.commandCalls(GetParametersByPathCommand)[0]!.args[0].input.Path).toBe('/tenants/acme/limits')
  })

  it('a source of your own: an id computed per invocation, read in one batch with the fixed ones', async () => {
    const batches: string[][] = []
    const vault = defineSource({
      name: 'vault',
      read: (ids) => {
        batches.push([...ids])
        return Object.fromEntries(ids.map((id) => [id, `value of ${id}`]))
      },
    })
    const middleware = registry({
      fetch: { shared: vault('kv/shared'), tenant: vault(({ event }: TenantRequest) => `kv/${event.tenantId}`) },
      ...testOptions(),
    })
    expect((await middleware.values(requestFor('acme'))).tenant).toBe('value of kv/acme')
    expect(batches).toEqual([['kv/shared', 'kv/acme']])
  })

  it('secret.json() and ssm.list(): the computed entry decoded as a fixed one is', async () => {
    serveSecrets({ 'tenants/acme/db': '{"user":"acme"}' })
    serveParameters({ '/tenants/acme/hosts': 'a.example.com,b.example.com' })
    const middleware = registry({
      fetch: {
        db: secret.json<{ user: string }>(({ event }: TenantRequest) => `tenants/${event.tenantId}/db`),
        hosts: ssm.list(({ event }: TenantRequest) => `/tenants/${event.tenantId}/hosts`),
      },
      ...testOptions(),
    })
    const values = await middleware.values(requestFor('acme'))
    expect([values.db, values.hosts]).toEqual([{ user: 'acme' }, ['a.example.com', 'b.example.com']])
    expect(Object.keys(values)).toEqual(['hosts'])
  })
})

describe('a per-invocation id and the local registry', () => {
  it('reads the computed id from the file, as a fixed one', async () => {
    const local = writeRegistry({ parameters: { '/tenants/acme/url': 'https://acme.local' }, secrets: { 'tenants/acme/api-key': 'sk_local' } })
    const middleware = registry({
      fetch: {
        url: ssm(({ event }: TenantRequest) => `/tenants/${event.tenantId}/url`),
        apiKey: secret(({ event }: TenantRequest) => `tenants/${event.tenantId}/api-key`),
      },
      local,
      prefetch: false,
    })
    const values = await middleware.values(requestFor('acme'))
    expect([values.url, values.apiKey]).toEqual(['https://acme.local', 'sk_local'])
  })
})

describe('references that refuse a per-invocation location', () => {
  const computed = (() => 'x') as never

  it.each([
    ['cloudMap()', () => cloudMap(computed)],
    ['cloudMap.endpoint()', () => cloudMap.endpoint(computed)],
    ['appConfig()', () => appConfig(computed)],
    ['rdsAuthToken()', () => rdsAuthToken(computed)],
    ['dsqlAuthToken()', () => dsqlAuthToken(computed)],
  ])('%s throws a TypeError naming itself', (caller, declare) => {
    expect(declare).toThrow(new TypeError(`${caller}: takes no per-invocation location (a function of the request was given): declare it with a fixed one`))
  })
})
