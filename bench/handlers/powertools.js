// The Powertools anchor: it has no Middy middleware, so a `before` step calls its providers
// (one batched getParametersByName, one get per secret, in parallel) and sets the context.

import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets'
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm'
import middy from '@middy/core'

export function createHandler({ dataset, awsClientOptions, cacheExpiryMs, body }) {
  const parameters = new SSMProvider({ clientConfig: awsClientOptions })
  const secrets = new SecretsProvider({ clientConfig: awsClientOptions })
  const maxAge = cacheExpiryMs / 1000 // Powertools counts seconds
  const byName = Object.fromEntries(dataset.parameters.map(({ name }) => [name, {}]))
  const loadValues = async ({ context }) => {
    const [values, ...secretValues] = await Promise.all([
      parameters.getParametersByName(byName, { maxAge }),
      ...dataset.secrets.map(({ id }) => secrets.get(id, { maxAge })),
    ])
    for (const { key, name } of dataset.parameters) context[key] = values[name]
    dataset.secrets.forEach(({ key }, index) => {
      context[key] = secretValues[index]
    })
  }
  return middy()
    .use({ before: loadValues })
    .handler(async (_event, context) => body(context))
}
