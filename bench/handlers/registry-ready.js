// middy-registry set up as documented for cold starts: the handler module awaits ready() at
// its top level, so Lambda's init includes the SDK load and the first fetch.
import middy from '@middy/core'
import { registry, secret, ssm } from '../.build/registry/dist/index.js'

export async function createHandler({ dataset, awsClientOptions, cacheExpiryMs, prefetch = true, body }) {
  const fetch = {}
  for (const { key, name } of dataset.parameters) fetch[key] = ssm(name)
  for (const { key, id } of dataset.secrets) fetch[key] = secret(id)
  const middleware = registry({ fetch, awsClientOptions, cacheExpiry: cacheExpiryMs, prefetch })
  await middleware.ready()
  return middy()
    .use(middleware)
    .handler(async (_event, context) => body(context))
}
