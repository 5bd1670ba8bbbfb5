// The Middy anchor reading SSM parameters only.
import middy from '@middy/core'
import ssm from '@middy/ssm'

export function createHandler({ dataset, awsClientOptions, cacheExpiryMs, prefetch = true, body }) {
  const fetchData = Object.fromEntries(dataset.parameters.map(({ key, name }) => [key, name]))
  return middy()
    .use(ssm({ fetchData, awsClientOptions, cacheExpiry: cacheExpiryMs, setToContext: true, disablePrefetch: !prefetch }))
    .handler(async (_event, context) => body(context))
}
