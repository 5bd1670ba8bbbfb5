// Type tests of defineSource(): the context's types follow the declarations of a user's own source.
import middy from '@middy/core'
import { expectTypeOf } from 'expect-type'
import { defineSource, registry } from '../../src/index.js'

const vault = defineSource({ name: 'vault', read: async (ids) => Object.fromEntries(ids.map((id) => [id, 'x'])), maxBatch: 50, secret: true })

const orders = registry({
  fetch: {
    token: vault('kv/app/token'),
    limits: vault.json<{ rps: number }>('kv/app/limits', { cacheExpiry: 60_000 }),
    maybe: vault('kv/app/maybe', { optional: true }),
    maybeLimits: vault.json<{ rps: number }>('kv/app/maybe-limits', { optional: true }),
  },
})

export const handler = middy()
  .use(orders)
  .handler(async (_event, context) => {
    expectTypeOf(context.token).toEqualTypeOf<string>()
    expectTypeOf(context.limits).toEqualTypeOf<{ rps: number }>()
    expectTypeOf(context.maybe).toEqualTypeOf<string | undefined>()
    expectTypeOf(context.maybeLimits).toEqualTypeOf<{ rps: number } | undefined>()
  })

// @ts-expect-error: a reference of a defined source takes only cacheExpiry, maxStale and optional
vault('kv/app/token', { decrypt: false })
// @ts-expect-error: read() resolves to an object of ids to strings
defineSource({ name: 'bad', read: async () => [1, 2] })
