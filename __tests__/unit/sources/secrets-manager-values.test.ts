/** Secrets Manager: matching answers to ids (name, full ARN, partial ARN), decoding and masking on the context. */

import { inspect } from 'node:util'
import { BatchGetSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { registry, secret } from '../../../src/index.js'
import { batchGetSecretValueFrom, getSecretValueFrom, invoke, invokeFailing, partialSecretArn, type StoredSecret, secretArn, testOptions } from '../helpers.js'
import { resetAll, secretsMock } from '../mocks.js'

function answerFrom(store: Record<string, StoredSecret>): void {
  secretsMock.on(BatchGetSecretValueCommand).callsFake(batchGetSecretValueFrom(store))
  secretsMock.on(GetSecretValueCommand).callsFake(getSecretValueFrom(store))
}

beforeEach(() => resetAll())

describe('batched secrets are matched to their ids', () => {
  it('matches a secret by name, by full ARN and by partial ARN (without the random suffix)', async () => {
    answerFrom({
      'orders/prod/api-key': { SecretString: 'by-name' },
      'db/prod': { SecretString: 'by-full-arn' },
      'tls/key': { SecretString: 'by-partial-arn' },
    })

    const context = await invoke(
      registry({
        fetch: { byName: secret('orders/prod/api-key'), byArn: secret(secretArn('db/prod')), byPartial: secret(partialSecretArn('tls/key')) },
        ...testOptions(),
      }),
    )

    const ids = secretsMock.commandCalls(BatchGetSecretValueCommand).map((call) => call.args[0].input.SecretIdList)
    expect(ids).toEqual([['orders/prod/api-key', secretArn('db/prod'), partialSecretArn('tls/key')]])
    expect({ byName: context.byName, byArn: context.byArn, byPartial: context.byPartial }).toEqual({
      byName: 'by-name',
      byArn: 'by-full-arn',
      byPartial: 'by-partial-arn',
    })
  })

  it('does not take a longer name sharing the prefix for a partial ARN', async () => {
    // `db-prod`'s ARN starts with `…:secret:db-`, like `db`'s: only the 6-character suffix tells them apart.
    secretsMock.on(BatchGetSecretValueCommand).resolves({
      SecretValues: [
        { Name: 'db-prod', ARN: secretArn('db-prod'), SecretString: 'db-prod value' },
        { Name: 'db', ARN: secretArn('db'), SecretString: 'db value' },
      ],
    })

    const context = await invoke(registry({ fetch: { db: secret(partialSecretArn('db')), dbProd: secret('db-prod') }, ...testOptions() }))

    expect({ db: context.db, dbProd: context.dbProd }).toEqual({ db: 'db value', dbProd: 'db-prod value' })
  })
})

describe('secret values are decoded by the reference', () => {
  it('parses JSON for secret.json', async () => {
    answerFrom({ 'db/prod': { SecretString: '{"user":"orders","password":"pw-1"}' } })

    const context = await invoke(registry({ fetch: { db: secret.json<{ user: string; password: string }>('db/prod') }, ...testOptions() }))

    expect(context.db).toEqual({ user: 'orders', password: 'pw-1' })
  })

  it('fails invalid JSON with InvalidJSON, never quoting the value', async () => {
    answerFrom({ 'db/prod': { SecretString: '{"password": "pw-3c9e-distinctive"' } })

    const error = await invokeFailing(registry({ fetch: { db: secret.json('db/prod') }, ...testOptions() }))

    expect(error.failures.map(({ key, source, id, code }) => ({ key, source, id, code }))).toEqual([
      { key: 'db', source: 'secretsmanager', id: 'db/prod', code: 'InvalidJSON' },
    ])
    const everything = `${error.message} ${error.stack} ${JSON.stringify(error.failures)} ${inspect(error)}`
    expect(everything).not.toContain('pw-3c9e-distinctive')
  })

  it('returns the SecretBinary bytes for secret.binary', async () => {
    const bytes = new Uint8Array([0x30, 0x82, 0x01, 0x0a])
    answerFrom({ 'tls/cert': { SecretBinary: bytes }, 'orders/prod/api-key': { SecretString: 'key' } })

    const context = await invoke(registry({ fetch: { cert: secret.binary('tls/cert'), apiKey: secret('orders/prod/api-key') }, ...testOptions() }))

    expect(context.cert).toBeInstanceOf(Uint8Array)
    expect([...context.cert]).toEqual([0x30, 0x82, 0x01, 0x0a])
  })

  it('fails with SecretTypeMismatch when the declared kind does not match what the secret holds', async () => {
    answerFrom({ 'tls/cert': { SecretBinary: new Uint8Array([1, 2, 3]) }, 'orders/prod/api-key': { SecretString: 'key' } })

    const error = await invokeFailing(
      registry({ fetch: { certText: secret('tls/cert'), apiKeyBytes: secret.binary('orders/prod/api-key') }, ...testOptions() }),
    )

    expect(error.failures.map(({ key, code }) => ({ key, code }))).toEqual([
      { key: 'certText', code: 'SecretTypeMismatch' },
      { key: 'apiKeyBytes', code: 'SecretTypeMismatch' },
    ])
  })
})

describe('secret values are masked on the context', () => {
  it('keeps secret, secret.json and secret.binary values out of JSON.stringify and util.inspect, yet readable', async () => {
    answerFrom({
      'orders/prod/api-key': { SecretString: 'key-4f2a-distinctive' },
      'db/prod': { SecretString: '{"password":"pw-8b6d-distinctive"}' },
      'tls/cert': { SecretBinary: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) },
    })

    const context = await invoke(
      registry({
        fetch: { apiKey: secret('orders/prod/api-key'), db: secret.json<{ password: string }>('db/prod'), cert: secret.binary('tls/cert') },
        ...testOptions(),
      }),
    )

    expect(context.apiKey).toBe('key-4f2a-distinctive')
    expect(context.db.password).toBe('pw-8b6d-distinctive')
    expect([...context.cert]).toEqual([0xde, 0xad, 0xbe, 0xef])
    expect(Object.keys(context)).toEqual(expect.not.arrayContaining(['apiKey', 'db', 'cert']))
    for (const printed of [JSON.stringify(context), inspect(context)]) {
      expect(printed).not.toContain('distinctive')
      expect(printed).not.toMatch(/apiKey|\bdb\b|cert/)
    }
  })
})
