import { PutParameterCommand } from '@aws-sdk/client-ssm'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, type Reference, ssm } from '../../src/index.js'
import { handlerWith, motoClients, registryErrorOf, resetMoto, resolveOnce, withClients } from './helpers.js'

const clients = motoClients()

// 23 declared names; 3 of them were never created.
const MISSING = new Set([4, 13, 22])
const names = Array.from({ length: 23 }, (_, index) => `/services/prod/svc-${index}/endpoint`)
const fetchAll = Object.fromEntries(names.map((name, index) => [`svc${index}`, ssm(name)])) as Record<string, Reference<string>>

beforeAll(async () => {
  await resetMoto()
  for (const [index, name] of names.entries()) {
    if (!MISSING.has(index)) await clients.ssm.send(new PutParameterCommand({ Name: name, Value: `https://svc-${index}.example`, Type: 'String' }))
  }
})

beforeEach(() => {
  clearRegistryCache()
  clients.requests.reset()
})

describe('batching SSM names into GetParameters calls', () => {
  it('asks for 23 names in exactly 3 GetParameters requests', async () => {
    await registryErrorOf(resolveOnce({ ...withClients(clients), fetch: fetchAll }))
    expect(clients.requests.all()).toEqual({ GetParameters: 3 })
  })

  it('names exactly the missing keys in the RegistryError, with the parameter names', async () => {
    const error = await registryErrorOf(resolveOnce({ ...withClients(clients), fetch: fetchAll }))
    const failures = [...error.failures].sort((a, b) => a.key.localeCompare(b.key))
    expect(failures.map(({ key, id, code, source }) => ({ key, id, code, source }))).toEqual(
      [...MISSING]
        .map((index) => ({ key: `svc${index}`, id: names[index], code: 'ParameterNotFound', source: 'ssm' }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    )
    for (const index of MISSING) expect(error.message).toContain(`svc${index}`)
  })

  it('resolves the 20 names that exist when the missing ones are optional', async () => {
    const fetch = Object.fromEntries(names.map((name, index) => [`svc${index}`, MISSING.has(index) ? ssm(name, { optional: true }) : ssm(name)])) as Record<
      string,
      Reference<string | undefined>
    >
    const values = await resolveOnce({ ...withClients(clients), fetch })
    for (const [index] of names.entries()) {
      expect(values[`svc${index}`]).toBe(MISSING.has(index) ? undefined : `https://svc-${index}.example`)
    }
    expect(clients.requests.all()).toEqual({ GetParameters: 3 })
  })

  it('serves a warm invocation from the cache without a request', async () => {
    const present = Object.fromEntries(Object.entries(fetchAll).filter(([key]) => !MISSING.has(Number(key.slice(3)))))
    const invoke = handlerWith({ ...withClients(clients), fetch: present })
    await invoke()
    const warm = await invoke()
    expect(warm.values.svc0).toBe('https://svc-0.example')
    expect(clients.requests.all()).toEqual({ GetParameters: 2 })
  })
})
