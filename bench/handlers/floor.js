// The one-client floor: a Middy handler that reads its parameters with a bare SSM client.

import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm'
import middy from '@middy/core'

export function createHandler({ dataset, awsClientOptions, body }) {
  const client = new SSMClient(awsClientOptions)
  const names = dataset.parameters.map(({ name }) => name)
  let values
  const loadValues = async ({ context }) => {
    values ??= await client.send(new GetParametersCommand({ Names: names, WithDecryption: true }))
    for (const { Name, Value } of values.Parameters) context[dataset.parameters.find(({ name }) => name === Name).key] = Value
  }
  return middy()
    .use({ before: loadValues })
    .handler(async (_event, context) => body(context))
}
