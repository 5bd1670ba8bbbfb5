import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { RegistryError, registry, secret, ssm } from '../../../src/index.js'
import { contextHandler } from '../helpers.js'
import { resetAll, secretsMock, serveParameters } from '../mocks.js'

const region = { awsClientOptions: { region: 'eu-west-1' } }
const DB_SECRET = '{"user":"app","password":"pw_9d8c7b6a"'

async function failureOf(invoke: () => Promise<unknown>): Promise<RegistryError> {
  const error = await invoke().then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(RegistryError)
  return error as RegistryError
}

describe('a resolution failure rejects the invocation with one RegistryError naming every key', () => {
  beforeEach(() => resetAll())

  it('names each failing key, its source, id and AWS code, across sources', async () => {
    serveParameters({})
    secretsMock.on(GetSecretValueCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }))
    const invoke = contextHandler(registry({ fetch: { ordersUrl: ssm('/orders/prod/endpoint'), db: secret.json('db/prod') }, prefetch: false, ...region }))
    const error = await failureOf(invoke)
    expect(error.message).toBe(
      '2 registry values could not be resolved: ordersUrl (ssm /orders/prod/endpoint: ParameterNotFound), db (secretsmanager db/prod: AccessDeniedException)',
    )
    expect(error.failures).toEqual([
      expect.objectContaining({ key: 'ordersUrl', source: 'ssm', id: '/orders/prod/endpoint', code: 'ParameterNotFound' }),
      expect.objectContaining({ key: 'db', source: 'secretsmanager', id: 'db/prod', code: 'AccessDeniedException', message: 'User is not authorized' }),
    ])
    expect(error.name).toBe('RegistryError')
  })

  it('names the selector in the id of a pinned reference', async () => {
    serveParameters({})
    const error = await failureOf(contextHandler(registry({ fetch: { pinned: ssm('/orders/prod/endpoint:7') }, prefetch: false, ...region })))
    expect(error.failures[0]).toMatchObject({ id: '/orders/prod/endpoint:7', code: 'ParameterNotFound' })
  })

  it('fails with InvalidJSON without quoting the value', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ Name: 'db/prod', SecretString: DB_SECRET })
    const error = await failureOf(contextHandler(registry({ fetch: { db: secret.json('db/prod') }, prefetch: false, ...region })))
    expect(error.failures[0]).toMatchObject({ key: 'db', code: 'InvalidJSON' })
    const everything = JSON.stringify({ message: error.message, stack: error.stack, failures: error.failures })
    expect(everything).not.toContain('pw_9d8c7b6a')
  })

  it('does not resolve a handler when one key of many fails, and still reports only that key', async () => {
    serveParameters({ '/a': 'https://a.example.com' })
    const error = await failureOf(contextHandler(registry({ fetch: { a: ssm('/a'), b: ssm('/b') }, prefetch: false, ...region })))
    expect(error.failures.map((failure) => failure.key)).toEqual(['b'])
    expect(error.message).toBe('1 registry value could not be resolved: b (ssm /b: ParameterNotFound)')
  })

  it('freezes the failures so a handler cannot rewrite them', async () => {
    serveParameters({})
    const error = await failureOf(contextHandler(registry({ fetch: { a: ssm('/a') }, prefetch: false, ...region })))
    expect(Object.isFrozen(error.failures)).toBe(true)
    expect(Object.isFrozen(error.failures[0])).toBe(true)
  })
})

describe('a not-found names the Region it was searched in', () => {
  beforeEach(() => resetAll())
  const saved = process.env.AWS_REGION
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_REGION
    else process.env.AWS_REGION = saved
  })

  it('the Region of awsClientOptions, in the message and as region', async () => {
    serveParameters({})
    const error = await failureOf(contextHandler(registry({ fetch: { url: ssm('/orders/prod/endpoint') }, prefetch: false, ...region })))
    expect(error.failures[0]).toMatchObject({
      code: 'ParameterNotFound',
      message: 'no parameter /orders/prod/endpoint (searched in eu-west-1)',
      region: 'eu-west-1',
    })
  })

  it('the Region an ARN names, over the default one', async () => {
    secretsMock
      .on(GetSecretValueCommand)
      .rejects(Object.assign(new Error('Secrets Manager can’t find the specified secret.'), { name: 'ResourceNotFoundException' }))
    const arn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:db/prod'
    const error = await failureOf(contextHandler(registry({ fetch: { db: secret(arn) }, prefetch: false, ...region })))
    expect(error.failures[0]).toMatchObject({ code: 'ResourceNotFoundException', region: 'us-east-1' })
    expect(error.failures[0]!.message).toMatch(/\(searched in us-east-1\)$/)
  })

  it('AWS_REGION when no option gives one', async () => {
    process.env.AWS_REGION = 'eu-central-1'
    serveParameters({})
    const error = await failureOf(contextHandler(registry({ fetch: { url: ssm('/orders/prod/endpoint') }, prefetch: false })))
    expect(error.failures[0]).toMatchObject({ region: 'eu-central-1', message: 'no parameter /orders/prod/endpoint (searched in eu-central-1)' })
  })

  it('none with a client of your own, whose Region the middleware does not know', async () => {
    const client = { send: async () => ({ Parameters: [], InvalidParameters: ['/orders/prod/endpoint'] }) }
    const error = await failureOf(contextHandler(registry({ fetch: { url: ssm('/orders/prod/endpoint') }, clients: { ssm: client }, prefetch: false })))
    expect(error.failures[0]).toMatchObject({ code: 'ParameterNotFound', message: 'no parameter /orders/prod/endpoint' })
    expect(error.failures[0]).not.toHaveProperty('region')
  })

  it('only for a not-found: a denied read carries the Region, its message stays AWS’s', async () => {
    secretsMock.on(GetSecretValueCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }))
    const error = await failureOf(contextHandler(registry({ fetch: { db: secret('db/prod') }, prefetch: false, ...region })))
    expect(error.failures[0]).toMatchObject({ code: 'AccessDeniedException', message: 'User is not authorized', region: 'eu-west-1' })
  })

  it('leaves the summary line as it was', async () => {
    serveParameters({})
    const error = await failureOf(contextHandler(registry({ fetch: { url: ssm('/orders/prod/endpoint') }, prefetch: false, ...region })))
    expect(error.message).toBe('1 registry value could not be resolved: url (ssm /orders/prod/endpoint: ParameterNotFound)')
  })
})
