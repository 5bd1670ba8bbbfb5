/**
 * A source of your own: a JSON configuration service over HTTP that answers
 * `GET /values?ids=a,b` with `{ "a": "…", "b": "…" }` and leaves out the ids it does not know.
 */
import middy from '@middy/core'
import { defineSource, registry } from '../../src/index.js'

export function configService(baseUrl: string) {
  return defineSource({
    name: 'config',
    // One request per batch of due ids; the signal ends it at the registry's requestTimeout.
    read: async (ids, { signal }) => {
      const response = await fetch(`${baseUrl}/values?ids=${ids.map(encodeURIComponent).join(',')}`, { signal })
      if (!response.ok) throw Object.assign(new Error(`config service answered HTTP ${response.status}`), { name: `Http${response.status}` })
      return (await response.json()) as Record<string, string>
    },
    maxBatch: 25,
  })
}

export function ordersHandler(baseUrl: string) {
  const config = configService(baseUrl)
  return middy()
    .use(
      registry({
        fetch: {
          ordersUrl: config('orders/endpoint'),
          limits: config.json<{ rps: number }>('orders/limits', { cacheExpiry: 60_000 }),
          canary: config('orders/canary', { optional: true }),
        },
      }),
    )
    .handler(async (_event, context) => ({ url: context.ordersUrl, rps: context.limits.rps, canary: context.canary ?? 'off' }))
}
