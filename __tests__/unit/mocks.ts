/**
 * The mocked AWS clients every unit test shares (aws-sdk-client-mock stubs the client
 * classes, so the clients the middleware creates are mocked too), and their reset.
 */

import { AppConfigDataClient } from '@aws-sdk/client-appconfigdata'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { S3Client } from '@aws-sdk/client-s3'
import { BatchGetSecretValueCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery'
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm'
import { STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { clearRegistryCache } from '../../src/index.js'
import { batchGetSecretValueFrom, getParametersFrom, getSecretValueFrom, type StoredParameter } from './helpers.js'

export const ssmMock = mockClient(SSMClient)
export const secretsMock = mockClient(SecretsManagerClient)
export const stsMock = mockClient(STSClient)
export const discoveryMock = mockClient(ServiceDiscoveryClient)
export const dynamoMock = mockClient(DynamoDBClient)
export const appConfigMock = mockClient(AppConfigDataClient)
export const s3Mock = mockClient(S3Client)

/** Forgets every mocked answer and call, and everything the middleware cached or learnt. */
export function resetAll(): void {
  ssmMock.reset()
  secretsMock.reset()
  stsMock.reset()
  discoveryMock.reset()
  dynamoMock.reset()
  appConfigMock.reset()
  s3Mock.reset()
  clearRegistryCache()
}

/** Answers GetParameters from a table of names to values, all of one type. */
export function serveParameters(values: Record<string, string>, type: 'String' | 'StringList' | 'SecureString' = 'String'): void {
  const store = Object.fromEntries(Object.entries(values).map(([name, Value]) => [name, { Value, Type: type }]))
  ssmMock.on(GetParametersCommand).callsFake(getParametersFrom(store))
}

/** Answers GetSecretValue and BatchGetSecretValue from a table of secret names to strings. */
export function serveSecrets(values: Record<string, string>): void {
  const store = Object.fromEntries(Object.entries(values).map(([name, SecretString]) => [name, { SecretString }]))
  secretsMock.on(GetSecretValueCommand).callsFake(getSecretValueFrom(store))
  secretsMock.on(BatchGetSecretValueCommand).callsFake(batchGetSecretValueFrom(store))
}

export const getParametersCalls = () => ssmMock.commandCalls(GetParametersCommand).length

/** GetParameters answers from `store` until `goDown()`, then fails with `error` until `recover()`. */
export function parametersThatFail(store: Record<string, StoredParameter>, error: Error) {
  let down = false
  ssmMock.on(GetParametersCommand).callsFake(async (input) => {
    if (down) throw error
    return getParametersFrom(store)(input)
  })
  return { goDown: () => (down = true), recover: () => (down = false) }
}
