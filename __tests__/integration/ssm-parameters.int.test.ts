import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { PutParameterCommand } from '@aws-sdk/client-ssm'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, ssm } from '../../src/index.js'
import { awsClientOptions, handlerWith, motoClients, resetMoto, resolveOnce, withClientOptions, withClients } from './helpers.js'

const { ssm: ssmClient } = motoClients()
const put = (Name: string, Value: string, Type: 'String' | 'StringList' | 'SecureString', KeyId?: string) =>
  ssmClient.send(new PutParameterCommand({ Name, Value, Type, KeyId }))

beforeAll(async () => {
  await resetMoto()
  await put('/orders/prod/endpoint', 'https://orders.internal.example', 'String')
  await put('/orders/prod/hosts', 'a.example,b.example,c.example', 'StringList')
  await put('/orders/prod/limits', '{"rps":250,"burst":[1,2]}', 'String')
  // No KeyId: the account's default key, alias/aws/ssm.
  await put('/orders/prod/token', 'plain-token-7f3a', 'SecureString')
  // A customer-managed key, as cross-account sharing requires.
  const { KeyMetadata } = await new KMSClient(awsClientOptions()).send(new CreateKeyCommand({ Description: 'registry key' }))
  await put('/orders/prod/db-password', 'cmk-secret-91b2', 'SecureString', KeyMetadata!.KeyId)
})

beforeEach(() => clearRegistryCache())

describe.each([
  ['the caller’s own clients', () => withClients(motoClients())],
  ['clients made from awsClientOptions', withClientOptions],
])('SSM parameters through %s', (_, reach) => {
  it('resolves a String parameter to its text', async () => {
    const values = await resolveOnce({ ...reach(), fetch: { ordersUrl: ssm('/orders/prod/endpoint') } })
    expect(values.ordersUrl).toBe('https://orders.internal.example')
  })

  it('splits a StringList parameter into its items', async () => {
    const values = await resolveOnce({ ...reach(), fetch: { hosts: ssm.list('/orders/prod/hosts') } })
    expect(values.hosts).toEqual(['a.example', 'b.example', 'c.example'])
  })

  it('parses a JSON parameter', async () => {
    const values = await resolveOnce({ ...reach(), fetch: { limits: ssm.json('/orders/prod/limits') } })
    expect(values.limits).toEqual({ rps: 250, burst: [1, 2] })
  })

  it('decrypts a SecureString with the default key and masks it on the context', async () => {
    const seen = await handlerWith({ ...reach(), fetch: { token: ssm('/orders/prod/token') } })()
    expect(seen.values.token).toBe('plain-token-7f3a')
    expect(seen.enumerableKeys).not.toContain('token')
  })

  it('decrypts a SecureString encrypted with a customer-managed KMS key', async () => {
    const seen = await handlerWith({ ...reach(), fetch: { password: ssm('/orders/prod/db-password') } })()
    expect(seen.values.password).toBe('cmk-secret-91b2')
    expect(seen.enumerableKeys).not.toContain('password')
  })

  it('reads a customer-key SecureString undecrypted when decrypt is false', async () => {
    const values = await resolveOnce({ ...reach(), fetch: { password: ssm('/orders/prod/db-password', { decrypt: false }) } })
    expect(values.password).not.toBe('cmk-secret-91b2')
    expect(values.password).not.toBe('')
  })

  it('reads a SecureString undecrypted when decrypt is false', async () => {
    const values = await resolveOnce({ ...reach(), fetch: { token: ssm('/orders/prod/token', { decrypt: false }) } })
    // AWS answers with base64 ciphertext; moto with "kms:<key>:<plaintext>". Either way it
    // is a non-empty value that is not the plaintext itself.
    expect(typeof values.token).toBe('string')
    expect(values.token).not.toBe('plain-token-7f3a')
    expect(values.token).not.toBe('')
  })

  it('keeps the decrypted and the undecrypted value apart in one registry', async () => {
    const values = await resolveOnce({
      ...reach(),
      fetch: { plain: ssm('/orders/prod/token'), cipher: ssm('/orders/prod/token', { decrypt: false }) },
    })
    expect(values.plain).toBe('plain-token-7f3a')
    expect(values.cipher).not.toBe(values.plain)
  })
})
