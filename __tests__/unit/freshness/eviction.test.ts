/**
 * The process-wide cache is bounded: past `maxEntries`, the least recently used entries of
 * per-invocation ids are evicted, so a fan-out of tenants cannot grow memory without limit.
 *
 * The bound is process-wide and only ever tightens (the smallest any registry sets holds),
 * so every test here sets 2, but the last, which tightens it to 1.
 */
import { BatchGetSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { beforeEach, describe, expect, it } from '@jest/globals'
import middy from '@middy/core'
import { type FetchMap, type InvocationRequest, type RegistryContext, type RegistryMiddleware, registry, secret, ssm } from '../../../src/index.js'
import { gate, lambdaContext, testOptions } from '../helpers.js'
import { getParametersCalls, resetAll, secretsMock, serveParameters, serveSecrets } from '../mocks.js'

const tenantKey = ({ event }: InvocationRequest<{ tenantId: string }>) => `tenants/${event.tenantId}/api-key`
const TENANTS = ['acme', 'globex', 'initech', 'umbrella']

async function invokeFor<F extends FetchMap>(middleware: RegistryMiddleware<F>, tenantId: string): Promise<RegistryContext<F>> {
  const handler = middy()
    .use(middleware)
    .handler(async (_event: unknown, seen: RegistryContext<F>) => seen)
  return (await handler({ tenantId }, lambdaContext() as RegistryContext<F>)) as RegistryContext<F>
}

/** How many times each tenant's secret was sent for, in the order of the first request. */
function fetchesByTenant(): Record<string, number> {
  const ids = [
    ...secretsMock.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId),
    ...secretsMock.commandCalls(BatchGetSecretValueCommand).flatMap((call) => call.args[0].input.SecretIdList ?? []),
  ]
  const counts: Record<string, number> = {}
  for (const id of ids) {
    const tenant = id!.split('/')[1]!
    counts[tenant] = (counts[tenant] ?? 0) + 1
  }
  return counts
}

/** A registry reading each tenant's key, with a cache of two entries. */
const tenantRegistry = () => registry({ fetch: { apiKey: secret(tenantKey) }, maxEntries: 2, ...testOptions() })

beforeEach(() => {
  resetAll()
  serveParameters({ '/orders/endpoint': 'https://orders.example.com' })
  serveSecrets(Object.fromEntries(TENANTS.map((tenant) => [`tenants/${tenant}/api-key`, `sk_${tenant}`])))
})

describe('maxEntries bounds the process-wide cache', () => {
  it('evicts the least recently used entry when a new id needs room', async () => {
    const middleware = tenantRegistry()
    await invokeFor(middleware, 'acme')
    await invokeFor(middleware, 'globex')
    await invokeFor(middleware, 'acme') // a use: globex is now the least recently used
    await invokeFor(middleware, 'initech') // evicts globex
    await invokeFor(middleware, 'acme')
    await invokeFor(middleware, 'globex')
    expect(fetchesByTenant()).toEqual({ acme: 1, globex: 2, initech: 1 })
  })

  it('counts evictions in stats()', async () => {
    const middleware = tenantRegistry()
    for (const tenant of TENANTS) await invokeFor(middleware, tenant)
    expect(middleware.stats().evictions).toBe(2)
  })

  it('counts a use served from the registry’s own snapshot as a use', async () => {
    const middleware = tenantRegistry()
    const reader = registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() })
    await invokeFor(middleware, 'acme')
    await invokeFor(reader, 'globex')
    await invokeFor(middleware, 'acme') // served from its snapshot: still a use of acme's entry
    await invokeFor(reader, 'initech') // evicts globex, not acme
    await invokeFor(reader, 'acme')
    expect(fetchesByTenant()).toEqual({ acme: 1, globex: 1, initech: 1 })
  })

  it('never evicts the entries of fixed ids, which the declarations bound', async () => {
    await invokeFor(registry({ fetch: { orders: ssm('/orders/endpoint') }, ...testOptions() }), 'acme')
    const middleware = tenantRegistry()
    for (const tenant of TENANTS) await invokeFor(middleware, tenant)
    const later = registry({ fetch: { orders: ssm('/orders/endpoint') }, ...testOptions() })
    expect((await invokeFor(later, 'acme')).orders).toBe('https://orders.example.com')
    expect(getParametersCalls()).toBe(1)
  })

  it('never evicts an entry being fetched: its readers get their value, and it stays cached', async () => {
    const held = gate()
    secretsMock.on(GetSecretValueCommand).callsFake(async ({ SecretId }) => {
      if (SecretId === 'tenants/acme/api-key') await held.opened
      return { Name: SecretId, SecretString: `sk_${SecretId!.split('/')[1]}` }
    })
    const middleware = registry({ fetch: { apiKey: secret(tenantKey) }, maxEntries: 2, ...testOptions() })
    const acme = invokeFor(middleware, 'acme')
    await invokeFor(middleware, 'globex')
    await invokeFor(middleware, 'initech') // room is made from globex: acme is in flight
    held.open()
    expect((await acme).apiKey).toBe('sk_acme')
    // Another registry, which holds no snapshot of acme: it reads the cache.
    await invokeFor(registry({ fetch: { apiKey: secret(tenantKey) }, ...testOptions() }), 'acme')
    expect(fetchesByTenant()).toEqual({ acme: 1, globex: 1, initech: 1 })
  })

  it('holds the smallest maxEntries any registry sets, whatever the order they are created in', async () => {
    const tight = registry({ fetch: { apiKey: secret(tenantKey) }, maxEntries: 1, ...testOptions() })
    registry({ fetch: { apiKey: secret(tenantKey) }, maxEntries: 500, ...testOptions() })
    await invokeFor(tight, 'acme')
    await invokeFor(tight, 'globex')
    expect(tight.stats().evictions).toBe(1)
  })
})
