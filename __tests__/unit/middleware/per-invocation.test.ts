/**
 * Per-invocation ids: a reference declared with a function of the request reads the id
 * that function computes for each invocation, batched, cached and reported like a fixed one.
 */
import { BatchGetSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it } from '@jest/globals'
import middy from '@middy/core'
import {
  DEFAULT_MAX_ENTRIES,
  type FetchMap,
  type InvocationRequest,
  type RegistryContext,
  RegistryError,
  type RegistryEvent,
  type RegistryMiddleware,
  registry,
  retryOnAuthFailure,
  secret,
  service,
  ssm,
} from '../../../src/index.js'
import { awsError, gate, lambdaContext, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, secretsMock, serveParameters, serveSecrets, ssmMock } from '../mocks.js'

interface TenantEvent {
  tenantId?: unknown
}

const tenantKey = ({ event }: InvocationRequest<TenantEvent>) => `tenants/${String(event.tenantId)}/api-key`
const tenantUrl = ({ event }: InvocationRequest<TenantEvent>) => `/tenants/${String(event.tenantId)}/url`

/** Runs one invocation with `event` and returns the context the handler saw. */
async function invokeWith<F extends FetchMap>(middleware: RegistryMiddleware<F>, event: TenantEvent): Promise<RegistryContext<F>> {
  const handler = middy()
    .use(middleware)
    .handler(async (_event: unknown, seen: RegistryContext<F>) => seen)
  return (await handler(event, lambdaContext() as RegistryContext<F>)) as RegistryContext<F>
}

async function failureOf(pending: Promise<unknown>): Promise<RegistryError> {
  const error = await pending.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof RegistryError)) throw new Error(`expected a RegistryError, got ${String(error)}`)
  return error
}

const secretCalls = () => secretsMock.commandCalls(GetSecretValueCommand).length + secretsMock.commandCalls(BatchGetSecretValueCommand).length
const secretIdsSent = () => [
  ...secretsMock.commandCalls(GetSecretValueCommand).map((call) => [call.args[0].input.SecretId]),
  ...secretsMock.commandCalls(BatchGetSecretValueCommand).map((call) => call.args[0].input.SecretIdList),
]

beforeEach(() => {
  resetAll()
  serveParameters({
    '/orders/endpoint': 'https://orders.example.com',
    '/tenants/acme/url': 'https://acme.example.com',
    '/tenants/globex/url': 'https://globex.example.com',
  })
  serveSecrets({ 'tenants/acme/api-key': 'sk_acme_0001', 'tenants/globex/api-key': 'sk_globex_0002' })
})

describe('an id computed from each invocation’s request', () => {
  it('reads the entry the function names for this invocation', async () => {
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() })
    expect((await invokeWith(middleware, { tenantId: 'acme' })).apiKey).toBe('sk_acme_0001')
    expect((await invokeWith(middleware, { tenantId: 'globex' })).apiKey).toBe('sk_globex_0002')
  })

  it('calls the function with the Middy request: its event and the Lambda context', async () => {
    const seen: InvocationRequest[] = []
    const middleware = registry({
      fetch: {
        apiKey: secret((request) => {
          seen.push(request)
          return tenantKey(request)
        }),
      },
      ...testOptions(),
    })
    await invokeWith(middleware, { tenantId: 'acme' })
    expect(seen).toHaveLength(1)
    expect(seen[0]!.event).toEqual({ tenantId: 'acme' })
    expect(seen[0]!.context.functionName).toBe('orders')
  })

  it('fetches the computed ids in one batch with the fixed ones', async () => {
    const middleware = registry({ fetch: { orders: ssm('/orders/endpoint'), tenant: ssm(tenantUrl) }, ...testOptions() })
    const context = await invokeWith(middleware, { tenantId: 'acme' })
    expect([context.orders, context.tenant]).toEqual(['https://orders.example.com', 'https://acme.example.com'])
    expect(ssmMock.commandCalls(GetParametersCommand).map((call) => call.args[0].input.Names)).toEqual([['/orders/endpoint', '/tenants/acme/url']])
  })

  it('serves a tenant’s id from the cache on its next invocation', async () => {
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() })
    await invokeWith(middleware, { tenantId: 'acme' })
    await invokeWith(middleware, { tenantId: 'acme' })
    expect(secretCalls()).toBe(1)
    expect(middleware.stats()).toMatchObject({ misses: 1, hits: 1 })
  })

  it('keeps each tenant’s value in an entry of its own', async () => {
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() })
    await invokeWith(middleware, { tenantId: 'acme' })
    await invokeWith(middleware, { tenantId: 'globex' })
    const again = [await invokeWith(middleware, { tenantId: 'acme' }), await invokeWith(middleware, { tenantId: 'globex' })]
    expect(again.map((context) => context.apiKey)).toEqual(['sk_acme_0001', 'sk_globex_0002'])
    expect(secretIdsSent()).toEqual([['tenants/acme/api-key'], ['tenants/globex/api-key']])
  })

  it('shares an entry with a registry that declares the same id as a fixed one', async () => {
    await invokeWith(registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() }), { tenantId: 'acme' })
    const fixed = registry({ fetch: { acmeKey: secret('tenants/acme/api-key') }, ...testOptions() })
    expect((await invokeWith(fixed, {})).acmeKey).toBe('sk_acme_0001')
    expect(secretCalls()).toBe(1)
  })

  it('lets two concurrent invocations for one tenant share one fetch', async () => {
    const held = gate()
    secretsMock.on(GetSecretValueCommand).callsFake(async () => {
      await held.opened
      return { Name: 'tenants/acme/api-key', SecretString: 'sk_acme_0001' }
    })
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() })
    const both = Promise.all([invokeWith(middleware, { tenantId: 'acme' }), invokeWith(middleware, { tenantId: 'acme' })])
    held.open()
    expect((await both).map((context) => context.apiKey)).toEqual(['sk_acme_0001', 'sk_acme_0001'])
    expect(secretCalls()).toBe(1)
  })

  it('names the computed id in events', async () => {
    const events: RegistryEvent[] = []
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, onEvent: (event) => events.push(event), ...testOptions() })
    await invokeWith(middleware, { tenantId: 'acme' })
    await invokeWith(middleware, { tenantId: 'acme' })
    expect(events.map(({ type, key, id }) => `${type} ${key} ${id}`)).toEqual(['miss apiKey tenants/acme/api-key', 'hit apiKey tenants/acme/api-key'])
  })

  it('masks a computed secret on the context, as a fixed one', async () => {
    const middleware = registry({ fetch: { orders: ssm('/orders/endpoint'), apiKey: secret(tenantKey) }, ...testOptions() })
    const context = await invokeWith(middleware, { tenantId: 'acme' })
    expect(context.apiKey).toBe('sk_acme_0001')
    expect(Object.keys(context)).not.toContain('apiKey')
    expect(JSON.stringify(context)).not.toContain('sk_acme_0001')
  })

  it('resolves an optional reference to undefined when the computed id does not exist', async () => {
    const middleware = registry({ fetch: { apiKey: secret(tenantKey, { optional: true }) }, ...testOptions() })
    expect((await invokeWith(middleware, { tenantId: 'initech' })).apiKey).toBeUndefined()
    expect((await invokeWith(middleware, { tenantId: 'acme' })).apiKey).toBe('sk_acme_0001')
  })

  it('fails a non-optional reference whose computed id does not exist, naming the id', async () => {
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() })
    const error = await failureOf(invokeWith(middleware, { tenantId: 'initech' }))
    expect(error.failures.map(({ key, id, code }) => [key, id, code])).toEqual([['apiKey', 'tenants/initech/api-key', 'ResourceNotFoundException']])
  })
})

describe('an id function that fails', () => {
  it('fails its key with IdFunctionFailed, while the other keys are fetched and cached', async () => {
    const middleware = registry({
      fetch: {
        orders: ssm('/orders/endpoint'),
        apiKey: secret(({ event }: InvocationRequest<{ tenant: { id: string } }>) => `tenants/${event.tenant.id}/api-key`),
      },
      ...testOptions(),
    })
    const error = await failureOf(invokeWith(middleware, {}))
    expect(error.failures.map(({ key, source, id, code }) => [key, source, id, code])).toEqual([
      ['apiKey', 'secretsmanager', '<per-invocation>', 'IdFunctionFailed'],
    ])
    expect(error.failures[0]!.message).toBe('the id function threw a TypeError')
    expect(error.cause).toBeInstanceOf(TypeError)
    expect(getParametersCalls()).toBe(1)
    expect(secretCalls()).toBe(0)
  })

  it('lists every failing key in declaration order, those without an id beside those whose fetch failed', async () => {
    ssmMock.on(GetParametersCommand).rejects(awsError('AccessDeniedException'))
    const middleware = registry({
      fetch: {
        apiKey: secret(() => {
          throw new Error('no tenant')
        }),
        orders: ssm('/orders/endpoint'),
      },
      ...testOptions(),
    })
    const error = await failureOf(invokeWith(middleware, {}))
    expect(error.failures.map(({ key, code }) => [key, code])).toEqual([
      ['apiKey', 'IdFunctionFailed'],
      ['orders', 'AccessDeniedException'],
    ])
  })

  it('fails its key with InvalidId when the function returns no string', async () => {
    const middleware = registry({ fetch: { apiKey: secret(({ event }) => event.tenantId) }, ...testOptions() })
    const error = await failureOf(invokeWith(middleware, {}))
    expect(error.failures.map(({ key, code }) => [key, code])).toEqual([['apiKey', 'InvalidId']])
    expect(error.failures[0]!.message).toBe('the id computed for this invocation is refused: the secret id must be a string, got undefined')
  })

  it('describes a returned value that is no id without quoting it', async () => {
    const middleware = registry({ fetch: { apiKey: secret(({ event }) => event.tenantId) }, ...testOptions() })
    const error = await failureOf(invokeWith(middleware, { tenantId: { apiKey: 'sk_pasted_by_mistake' } }))
    expect(error.message).not.toContain('sk_pasted_by_mistake')
    expect(error.failures[0]!.message).not.toContain('sk_pasted_by_mistake')
  })

  it('fails its key with InvalidId, naming the check it failed, when the computed name is one AWS refuses', async () => {
    const middleware = registry({ fetch: { url: ssm(tenantUrl) }, ...testOptions() })
    const error = await failureOf(invokeWith(middleware, { tenantId: 'acme corp' }))
    expect(error.failures.map(({ key, code }) => [key, code])).toEqual([['url', 'InvalidId']])
    expect(error.failures[0]!.message).toContain('parameter name "/tenants/acme corp/url" has " " at position 14')
    expect(getParametersCalls()).toBe(0)
  })

  it('does not forgive a failed id with optional: optional forgives only an entry that does not exist', async () => {
    const middleware = registry({
      fetch: {
        apiKey: secret(
          () => {
            throw new Error('no tenant')
          },
          { optional: true },
        ),
      },
      ...testOptions(),
    })
    expect((await failureOf(invokeWith(middleware, {}))).failures[0]!.code).toBe('IdFunctionFailed')
  })

  it('reports an error event with the code', async () => {
    const events: RegistryEvent[] = []
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, onEvent: (event) => events.push(event), ...testOptions() })
    await failureOf(invokeWith(middleware, { tenantId: 'acme/../../x y' }))
    expect(events).toEqual([{ type: 'error', key: 'apiKey', source: 'secretsmanager', id: '<per-invocation>', ms: 0, code: 'InvalidId' }])
  })
})

describe('values() and refresh() of a registry with per-invocation ids', () => {
  it('values(request) computes the ids from the request it is given', async () => {
    const middleware = registry({ fetch: { orders: ssm('/orders/endpoint'), apiKey: secret(tenantKey) }, ...testOptions() })
    const values = await middleware.values({ event: { tenantId: 'globex' }, context: lambdaContext() })
    expect([values.orders, values.apiKey]).toEqual(['https://orders.example.com', 'sk_globex_0002'])
  })

  it('values() without a request rejects with a TypeError naming the keys that need one', async () => {
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() })
    await expect(middleware.values()).rejects.toThrow(
      new TypeError(`values(): "apiKey" computes its id from the invocation's request; pass it: values(request)`),
    )
  })

  it('refresh(request, key) fetches the id computed from the request again', async () => {
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() })
    await invokeWith(middleware, { tenantId: 'acme' })
    serveSecrets({ 'tenants/acme/api-key': 'sk_acme_rotated' })
    const refreshed = await middleware.refresh({ event: { tenantId: 'acme' }, context: lambdaContext() }, 'apiKey')
    expect(refreshed.apiKey).toBe('sk_acme_rotated')
    expect((await invokeWith(middleware, { tenantId: 'acme' })).apiKey).toBe('sk_acme_rotated')
  })

  it('refresh() of a per-invocation key without a request rejects with a TypeError, and still refreshes fixed keys alone', async () => {
    const middleware = registry({ fetch: { orders: ssm('/orders/endpoint'), apiKey: secret(tenantKey) }, ...testOptions() })
    await expect(middleware.refresh('apiKey')).rejects.toThrow(
      `refresh(): "apiKey" computes its id from the invocation's request; pass it: refresh(request, "apiKey")`,
    )
    await expect(middleware.refresh('orders')).resolves.toEqual({ orders: 'https://orders.example.com' })
  })

  it('retryOnAuthFailure refreshes the tenant’s key when given the request', async () => {
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() })
    const handler = middy<TenantEvent>()
      .use(middleware)
      .handler(async (event, context) =>
        retryOnAuthFailure(
          middleware,
          context,
          'apiKey',
          (key) => {
            if (key !== 'sk_acme_rotated') throw Object.assign(new Error('refused'), { status: 401 })
            return 'called'
          },
          { request: { event, context } },
        ),
      )
    await handler({ tenantId: 'acme' }, lambdaContext() as never).catch(() => undefined)
    serveSecrets({ 'tenants/acme/api-key': 'sk_acme_rotated' })
    expect(await handler({ tenantId: 'acme' }, lambdaContext() as never)).toBe('called')
  })
})

describe('declaring a per-invocation id', () => {
  it('checks the options when the reference is declared', () => {
    expect(() => secret(tenantKey, { versionStage: 'AWSPREVIOUS', versionId: 'a'.repeat(32) })).toThrow(
      'options "versionStage" and "versionId" cannot be combined',
    )
    expect(() => ssm(tenantUrl, { decrypt: 'yes' } as never)).toThrow('option "decrypt" must be a boolean')
  })

  it.each([0, 1.5, -3, '100', Number.NaN])('refuses maxEntries %p, naming the option', (maxEntries) => {
    expect(() => registry({ fetch: { apiKey: secret(tenantKey) }, maxEntries: maxEntries as number, ...testOptions() })).toThrow(
      /^registry\(\): option "maxEntries" must be a whole number >= 1 \(or Infinity\), got /,
    )
  })

  it('may be a field of a service, failing as key.field', async () => {
    const middleware = registry({
      fetch: { orders: service('orders', { fields: { url: ssm('/orders/endpoint'), tenantKey: secret(tenantKey) } }) },
      ...testOptions(),
    })
    expect((await middleware.values({ event: { tenantId: 'acme' }, context: lambdaContext() })).orders).toEqual({ url: 'https://orders.example.com' })
    expect((await middleware.values({ event: { tenantId: 'acme' }, context: lambdaContext() })).orders.tenantKey).toBe('sk_acme_0001')
    const error = await failureOf(middleware.values({ event: { tenantId: 'a b' }, context: lambdaContext() }))
    expect(error.message).toBe('1 registry value could not be resolved: orders.tenantKey (secretsmanager <per-invocation>: InvalidId)')
  })

  it('leaves the prefetch to the invocations, which alone can compute the id', async () => {
    const middleware = registry({ fetch: { orders: ssm('/orders/endpoint'), apiKey: secret(tenantKey) }, awsClientOptions: { region: 'eu-west-1' } })
    await middleware.ready()
    expect(getParametersCalls()).toBe(1)
    expect(secretCalls()).toBe(0)
  })
})

describe('the cache’s default bound', () => {
  it('keeps DEFAULT_MAX_ENTRIES (1000) entries when no registry sets maxEntries, evicting past them', async () => {
    const tenants = Array.from({ length: DEFAULT_MAX_ENTRIES + 1 }, (_, index) => `t${index}`)
    serveSecrets(Object.fromEntries(tenants.map((tenant) => [`tenants/${tenant}/api-key`, `sk_${tenant}`])))
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() })
    for (const tenantId of tenants) await middleware.values({ event: { tenantId }, context: lambdaContext() })
    expect(DEFAULT_MAX_ENTRIES).toBe(1000)
    expect(middleware.stats().evictions).toBe(1)
  })
})
