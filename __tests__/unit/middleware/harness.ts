// Shared set-up for the middleware specifications: mocked SDK clients and a Lambda context.
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm'
import { BatchGetSecretValueCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { STSClient } from '@aws-sdk/client-sts'
import type { Context } from 'aws-lambda'
import middy from '@middy/core'
import { mockClient } from 'aws-sdk-client-mock'
import { clearRegistryCache } from '../../../src/index.js'
import { resetSecretsManagerState } from '../../../src/sources/secrets-manager.js'

export const ssmMock = mockClient(SSMClient)
export const secretsMock = mockClient(SecretsManagerClient)
export const stsMock = mockClient(STSClient)

export function resetAll(): void {
  ssmMock.reset()
  secretsMock.reset()
  stsMock.reset()
  clearRegistryCache()
  resetSecretsManagerState()
}

/** A Lambda context as the runtime passes it. */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'orders-client',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-client',
    memoryLimitInMB: '128',
    awsRequestId: 'request-1',
    logGroupName: '/aws/lambda/orders-client',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 3000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }
}

/** Answers GetParameters from a table of names, reporting the others as invalid. */
export function serveParameters(values: Record<string, string>, type = 'String'): void {
  ssmMock.on(GetParametersCommand).callsFake(async (input: { Names: string[] }) => ({
    Parameters: input.Names.filter((name) => name in values).map((name) => ({ Name: name, Value: values[name], Type: type, Version: 1 })),
    InvalidParameters: input.Names.filter((name) => !(name in values)),
  }))
}

/** Answers GetSecretValue and BatchGetSecretValue from a table of secret ids. */
export function serveSecrets(values: Record<string, string>): void {
  secretsMock.on(GetSecretValueCommand).callsFake(async (input: { SecretId: string }) => {
    if (!(input.SecretId in values)) throw Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: 'ResourceNotFoundException' })
    return { Name: input.SecretId, SecretString: values[input.SecretId] }
  })
  secretsMock.on(BatchGetSecretValueCommand).callsFake(async (input: { SecretIdList: string[] }) => ({
    SecretValues: input.SecretIdList.filter((id) => id in values).map((id) => ({ Name: id, SecretString: values[id] })),
    Errors: input.SecretIdList.filter((id) => !(id in values)).map((id) => ({ SecretId: id, ErrorCode: 'ResourceNotFoundException', Message: 'not found' })),
  }))
}

/** A middy handler that returns the context it received. */
export function contextHandler(middleware: middy.MiddlewareObj<any, any, Error, any, any>) {
  const handler = middy().use(middleware).handler(async (_event: unknown, context: Context) => context)
  return (context: Context = lambdaContext()) => handler({}, context) as Promise<Context & Record<string, unknown>>
}

export const getParametersCalls = () => ssmMock.commandCalls(GetParametersCommand).length
