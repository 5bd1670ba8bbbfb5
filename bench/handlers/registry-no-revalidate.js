// middy-registry with `revalidate: false` on its secrets: each refresh reads their values.
import middy from '@middy/core'
import { registry, secret, ssm } from '../.build/registry/dist/index.js'

export function createHandler({ dataset, awsClientOptions, cacheExpiryMs, prefetch = true, body }) {
  const fetch = {}
  for (const { key, name } of dataset.parameters) fetch[key] = ssm(name)
  for (const { key, id } of dataset.secrets) fetch[key] = secret(id, { revalidate: false })
  const middleware = registry({ fetch, awsClientOptions, cacheExpiry: cacheExpiryMs, prefetch })
  return middy()
    .use(middleware)
    .handler(async (_event, context) => body(context))
}
