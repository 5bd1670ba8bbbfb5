// The Powertools anchor reading SSM parameters only.

import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm'
import middy from '@middy/core'

export function createHandler({ dataset, awsClientOptions, cacheExpiryMs, body }) {
  const parameters = new SSMProvider({ clientConfig: awsClientOptions })
  const maxAge = cacheExpiryMs / 1000 // Powertools counts seconds
  const byName = Object.fromEntries(dataset.parameters.map(({ name }) => [name, {}]))
  const loadValues = async ({ context }) => {
    const values = await parameters.getParametersByName(byName, { maxAge })
    for (const { key, name } of dataset.parameters) context[key] = values[name]
  }
  return middy()
    .use({ before: loadValues })
    .handler(async (_event, context) => body(context))
}
