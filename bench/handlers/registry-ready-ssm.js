// middy-registry reading SSM parameters only, awaiting ready() at the module's top level.
import middy from '@middy/core'
import { registry, ssm } from '../.build/registry/dist/index.js'

export async function createHandler({ dataset, awsClientOptions, cacheExpiryMs, prefetch = true, body }) {
  const fetch = Object.fromEntries(dataset.parameters.map(({ key, name }) => [key, ssm(name)]))
  const middleware = registry({ fetch, awsClientOptions, cacheExpiry: cacheExpiryMs, prefetch })
  await middleware.ready()
  return middy()
    .use(middleware)
    .handler(async (_event, context) => body(context))
}
