// middy-registry with the snapshot tier: its SSM names read from one S3 object (GetObject),
// awaiting ready() at the module's top level as documented for cold starts.
import middy from '@middy/core'
import { registry, secret, ssm } from '../.build/registry/dist/index.js'

export async function createHandler({ dataset, awsClientOptions, cacheExpiryMs, prefetch = true, snapshot, body }) {
  const fetch = {}
  for (const { key, name } of dataset.parameters) fetch[key] = ssm(name)
  for (const { key, id } of dataset.secrets) fetch[key] = secret(id)
  const middleware = registry({ fetch, awsClientOptions, cacheExpiry: cacheExpiryMs, prefetch, snapshot })
  await middleware.ready()
  return middy()
    .use(middleware)
    .handler(async (_event, context) => body(context))
}
