// middy-registry reading SSM parameters only.
import middy from '@middy/core'
import { registry, ssm } from '../.build/registry/dist/index.js'

export function createHandler({ dataset, awsClientOptions, cacheExpiryMs, prefetch = true, body }) {
  const fetch = Object.fromEntries(dataset.parameters.map(({ key, name }) => [key, ssm(name)]))
  const middleware = registry({ fetch, awsClientOptions, cacheExpiry: cacheExpiryMs, prefetch })
  return middy()
    .use(middleware)
    .handler(async (_event, context) => body(context))
}
