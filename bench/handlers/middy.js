// The Middy anchor: @middy/ssm and @middy/secrets-manager, values set on the context.
import middy from '@middy/core'
import secretsManager from '@middy/secrets-manager'
import ssm from '@middy/ssm'

export function createHandler({ dataset, awsClientOptions, cacheExpiryMs, prefetch = true, body }) {
  // Middy's cacheExpiry is in ms too (-1: forever); disablePrefetch is its prefetch switch.
  const common = { awsClientOptions, cacheExpiry: cacheExpiryMs, setToContext: true, disablePrefetch: !prefetch }
  return middy()
    .use(ssm({ ...common, fetchData: Object.fromEntries(dataset.parameters.map(({ key, name }) => [key, name])) }))
    .use(secretsManager({ ...common, fetchData: Object.fromEntries(dataset.secrets.map(({ key, id }) => [key, id])) }))
    .handler(async (_event, context) => body(context))
}
