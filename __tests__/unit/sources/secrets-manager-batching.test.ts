/** Secrets Manager: which secrets go to BatchGetSecretValue, which to GetSecretValue, and how failures are reported. */

import { BatchGetSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, registry, secret } from '../../../src/index.js'
import { awsError, batchGetSecretValueFrom, getSecretValueFrom, invoke, invokeFailing, noTimeToRetry, type StoredSecret, testOptions } from '../helpers.js'
import { resetAll, secretsMock } from '../mocks.js'

const namesOf = (count: number) => Array.from({ length: count }, (_, index) => `orders/prod/key${index}`)
const keyOf = (name: string) => name.slice(name.lastIndexOf('/') + 1)
const fetchOf = (names: readonly string[]) => Object.fromEntries(names.map((name) => [keyOf(name), secret(name)]))
const storeOf = (names: readonly string[]): Record<string, StoredSecret> =>
  Object.fromEntries(names.map((name) => [name, { SecretString: `value of ${name}` }]))
const batchInputs = () => secretsMock.commandCalls(BatchGetSecretValueCommand).map((call) => call.args[0].input)
const getInputs = () => secretsMock.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)

function answerFrom(store: Record<string, StoredSecret>): void {
  secretsMock.on(BatchGetSecretValueCommand).callsFake(batchGetSecretValueFrom(store))
  secretsMock.on(GetSecretValueCommand).callsFake(getSecretValueFrom(store))
}

beforeEach(() => resetAll())

describe('current secrets are batched', () => {
  it('reads 25 secrets in two BatchGetSecretValue calls of 20 and 5', async () => {
    const names = namesOf(25)
    answerFrom(storeOf(names))

    const context = await invoke(registry({ fetch: fetchOf(names), ...testOptions() }))

    expect(batchInputs().map((input) => input.SecretIdList)).toEqual([names.slice(0, 20), names.slice(20)])
    expect(getInputs()).toHaveLength(0)
    for (const name of names) expect(context[keyOf(name)]).toBe(`value of ${name}`)
  })

  it('reads a lone secret with one GetSecretValue and no batch call', async () => {
    answerFrom(storeOf(['orders/prod/api-key']))

    const context = await invoke(registry({ fetch: { apiKey: secret('orders/prod/api-key') }, ...testOptions() }))

    expect(getInputs()).toEqual([{ SecretId: 'orders/prod/api-key' }])
    expect(batchInputs()).toHaveLength(0)
    expect(context.apiKey).toBe('value of orders/prod/api-key')
  })

  it('reads pinned versions with GetSecretValue, leaving them out of the batch', async () => {
    answerFrom(storeOf(['db/prod', 'orders/prod/api-key', 'tls/key']))
    secretsMock.on(GetSecretValueCommand).callsFake((input: { SecretId?: string; VersionStage?: string; VersionId?: string }) => ({
      Name: input.SecretId,
      SecretString: `${input.SecretId} at ${input.VersionStage ?? input.VersionId}`,
    }))

    const context = await invoke(
      registry({
        fetch: {
          db: secret('db/prod'),
          apiKey: secret('orders/prod/api-key'),
          tlsKey: secret('tls/key', { versionStage: 'AWSCURRENT' }),
          previousDb: secret('db/prod', { versionStage: 'AWSPREVIOUS' }),
          exactDb: secret('db/prod', { versionId: 'b1c2d3e4-5f60-4718-9a0b-c1d2e3f4a5b6' }),
        },
        ...testOptions(),
      }),
    )

    expect(batchInputs().map((input) => input.SecretIdList)).toEqual([['db/prod', 'orders/prod/api-key', 'tls/key']])
    expect(getInputs()).toHaveLength(2)
    expect(getInputs()).toEqual(
      expect.arrayContaining([
        { SecretId: 'db/prod', VersionStage: 'AWSPREVIOUS' },
        { SecretId: 'db/prod', VersionId: 'b1c2d3e4-5f60-4718-9a0b-c1d2e3f4a5b6' },
      ]),
    )
    expect({ db: context.db, previousDb: context.previousDb, exactDb: context.exactDb }).toEqual({
      db: 'value of db/prod',
      previousDb: 'db/prod at AWSPREVIOUS',
      exactDb: 'db/prod at b1c2d3e4-5f60-4718-9a0b-c1d2e3f4a5b6',
    })
  })

  it('follows BatchGetSecretValue NextToken until the last page', async () => {
    const names = namesOf(3)
    const store = storeOf(names)
    const [first, ...rest] = batchGetSecretValueFrom(store)({ SecretIdList: names }).SecretValues
    secretsMock
      .on(BatchGetSecretValueCommand)
      .resolvesOnce({ SecretValues: [first!], NextToken: 'page-2' })
      .resolvesOnce({ SecretValues: rest })

    const context = await invoke(registry({ fetch: fetchOf(names), ...testOptions() }))

    expect(batchInputs()).toEqual([
      { SecretIdList: names, NextToken: undefined },
      { SecretIdList: names, NextToken: 'page-2' },
    ])
    for (const name of names) expect(context[keyOf(name)]).toBe(`value of ${name}`)
  })
})

describe('Secrets Manager failures name exactly the keys that failed', () => {
  it('reports the per-secret Errors of a batch, and resolves the others', async () => {
    const store = storeOf(['orders/prod/api-key', 'billing/prod/key'])
    secretsMock.on(BatchGetSecretValueCommand).callsFake((input: { SecretIdList?: string[] }) => {
      const answer = batchGetSecretValueFrom(store)(input)
      const denied = { SecretId: 'billing/prod/key', ErrorCode: 'AccessDeniedException', Message: 'not authorized to perform secretsmanager:GetSecretValue' }
      return { SecretValues: answer.SecretValues.filter(({ Name }) => Name !== 'billing/prod/key'), Errors: [...answer.Errors, denied] }
    })

    secretsMock.on(GetSecretValueCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform secretsmanager:GetSecretValue'))

    const error = await invokeFailing(
      registry({
        fetch: { apiKey: secret('orders/prod/api-key'), gone: secret('orders/prod/retired'), billing: secret('billing/prod/key') },
        ...testOptions(),
      }),
    )

    expect(error.failures.map(({ key, source, id, code }) => ({ key, source, id, code }))).toEqual([
      { key: 'gone', source: 'secretsmanager', id: 'orders/prod/retired', code: 'ResourceNotFoundException' },
      { key: 'billing', source: 'secretsmanager', id: 'billing/prod/key', code: 'AccessDeniedException' },
    ])
    expect(error.message).toBe(
      '2 registry values could not be resolved: gone (secretsmanager orders/prod/retired: ResourceNotFoundException), billing (secretsmanager billing/prod/key: AccessDeniedException)',
    )
    // The denied secret was tried once more on its own, as a resource-policy share would allow.
    expect(getInputs()).toEqual([{ SecretId: 'billing/prod/key' }])
  })

  it('reads a secret denied inside a batch with GetSecretValue (shared by resource policy)', async () => {
    const store = storeOf(['orders/prod/api-key', 'central/prod/key'])
    secretsMock.on(BatchGetSecretValueCommand).callsFake((input: { SecretIdList?: string[] }) => {
      const answer = batchGetSecretValueFrom(store)(input)
      const denied = {
        SecretId: 'central/prod/key',
        ErrorCode: 'AccessDeniedException',
        Message: 'not authorized to perform secretsmanager:BatchGetSecretValue',
      }
      return { SecretValues: answer.SecretValues.filter(({ Name }) => Name !== 'central/prod/key'), Errors: [denied] }
    })
    secretsMock.on(GetSecretValueCommand).callsFake(getSecretValueFrom(store))

    const context = await invoke(registry({ fetch: { apiKey: secret('orders/prod/api-key'), central: secret('central/prod/key') }, ...testOptions() }))

    expect(context.central).toBe('value of central/prod/key')
    expect(getInputs()).toEqual([{ SecretId: 'central/prod/key' }])
  })

  it('falls back to GetSecretValue per secret when BatchGetSecretValue is denied, and remembers it', async () => {
    const names = namesOf(2)
    answerFrom(storeOf(names))
    secretsMock.on(BatchGetSecretValueCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform secretsmanager:BatchGetSecretValue'))
    // cacheExpiry 0: every invocation fetches again, through the same clients.
    const middleware = registry({ fetch: fetchOf(names), ...testOptions(), cacheExpiry: 0 })

    const first = await invoke(middleware)
    expect(batchInputs()).toHaveLength(1)
    expect(getInputs()).toEqual([{ SecretId: names[0] }, { SecretId: names[1] }])
    expect(first[keyOf(names[0]!)]).toBe(`value of ${names[0]}`)

    secretsMock.resetHistory()
    const second = await invoke(middleware)
    // The denial is learnt once per process: no more doomed batch calls.
    expect(batchInputs()).toHaveLength(0)
    expect(getInputs()).toEqual([{ SecretId: names[0] }, { SecretId: names[1] }])
    expect(second[keyOf(names[1]!)]).toBe(`value of ${names[1]}`)
  })

  it('tries the batch again once clearRegistryCache() has forgotten the denial', async () => {
    const names = namesOf(2)
    const store = storeOf(names)
    // Denied once only (a counter, since resetHistory() would restart sinon's call numbering).
    let denied = false
    secretsMock.on(BatchGetSecretValueCommand).callsFake((input: { SecretIdList?: string[] }) => {
      if (denied) return batchGetSecretValueFrom(store)(input)
      denied = true
      throw awsError('AccessDeniedException', 'not authorized to perform secretsmanager:BatchGetSecretValue')
    })
    secretsMock.on(GetSecretValueCommand).callsFake(getSecretValueFrom(store))
    const middleware = registry({ fetch: fetchOf(names), ...testOptions() })
    await invoke(middleware)

    clearRegistryCache()
    secretsMock.resetHistory()
    const context = await invoke(middleware)

    expect(batchInputs().map((input) => input.SecretIdList)).toEqual([names])
    expect(getInputs()).toHaveLength(0)
    expect(context[keyOf(names[0]!)]).toBe(`value of ${names[0]}`)
  })

  it('reads the secrets of a throttled batch with GetSecretValue, whose quota is 100 times larger', async () => {
    const names = namesOf(3)
    answerFrom(storeOf(names))
    secretsMock.on(BatchGetSecretValueCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'))

    const context = await invoke(registry({ fetch: fetchOf(names), ...testOptions() }))

    expect(names.map((name) => context[keyOf(name)])).toEqual(names.map((name) => `value of ${name}`))
    expect(getInputs().map(({ SecretId }) => SecretId)).toEqual(names)
  })

  it('fails the keys of a throttled batch with ThrottlingException when GetSecretValue is throttled too', async () => {
    const names = namesOf(3)
    secretsMock.on(BatchGetSecretValueCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'))
    secretsMock.on(GetSecretValueCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'))

    const error = await invokeFailing(registry({ fetch: fetchOf(names), ...testOptions() }), noTimeToRetry())

    expect(error.failures.map(({ key, code }) => ({ key, code }))).toEqual(names.map((name) => ({ key: keyOf(name), code: 'ThrottlingException' })))
  })

  it('reports a lone secret that does not exist, and resolves it to undefined when optional', async () => {
    answerFrom({})

    const error = await invokeFailing(registry({ fetch: { apiKey: secret('orders/prod/retired') }, ...testOptions() }))
    const context = await invoke(registry({ fetch: { apiKey: secret('orders/prod/retired', { optional: true }) }, ...testOptions() }))

    expect(error.failures.map(({ key, code }) => ({ key, code }))).toEqual([{ key: 'apiKey', code: 'ResourceNotFoundException' }])
    expect(context.apiKey).toBeUndefined()
  })
})
