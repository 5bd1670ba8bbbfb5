// Type tests for cloudMap(): instances and endpoints are typed on the context from the declaration.
import middy from '@middy/core'
import { expectTypeOf } from 'expect-type'
import { type CloudMapInstance, cloudMap, type Reference, registry } from '../../src/index.js'

const ORDERS = { namespace: 'internal', service: 'orders' } as const

const discovery = registry({
  fetch: {
    instances: cloudMap(ORDERS),
    filtered: cloudMap({ ...ORDERS, healthStatus: 'HEALTHY_OR_ELSE_ALL', queryParameters: { stage: 'prod' } }),
    maybe: cloudMap({ ...ORDERS, optional: true }),
    url: cloudMap.endpoint({ ...ORDERS, scheme: 'https' }),
    named: cloudMap.endpoint({ ...ORDERS, attribute: 'url', cacheExpiry: 30_000 }),
    maybeUrl: cloudMap.endpoint({ ...ORDERS, optional: true }),
  },
  clients: { serviceDiscovery: { send: async () => ({}) } },
})

middy()
  .use(discovery)
  .handler(async (_event, context) => {
    expectTypeOf(context.instances).toEqualTypeOf<CloudMapInstance[]>()
    expectTypeOf(context.filtered).toEqualTypeOf<CloudMapInstance[]>()
    expectTypeOf(context.maybe).toEqualTypeOf<CloudMapInstance[] | undefined>()
    expectTypeOf(context.url).toEqualTypeOf<string>()
    expectTypeOf(context.named).toEqualTypeOf<string>()
    expectTypeOf(context.maybeUrl).toEqualTypeOf<string | undefined>()
    expectTypeOf(context.instances[0]!).toEqualTypeOf<{ readonly id: string; readonly attributes: Readonly<Record<string, string>> }>()
    // @ts-expect-error cached values are shared by every invocation: attributes are read-only
    context.instances[0]!.attributes.stage = 'changed'
  })

expectTypeOf(cloudMap(ORDERS)).toEqualTypeOf<Reference<CloudMapInstance[]>>()
expectTypeOf(discovery.refresh('url')).resolves.toEqualTypeOf<{ url: string }>()

// @ts-expect-error namespace and service are required
cloudMap({ namespace: 'internal' })
// @ts-expect-error the options are one object, not a name
cloudMap('internal/orders')
// @ts-expect-error not a health status
cloudMap({ ...ORDERS, healthStatus: 'SICK' })
// @ts-expect-error query parameters are strings
cloudMap({ ...ORDERS, queryParameters: { port: 8080 } })
// @ts-expect-error attribute belongs to cloudMap.endpoint()
cloudMap({ ...ORDERS, attribute: 'url' })
// @ts-expect-error the scheme is http or https
cloudMap.endpoint({ ...ORDERS, scheme: 'ftp' })
