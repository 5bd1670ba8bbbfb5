import { LabelParameterVersionCommand, PutParameterCommand } from '@aws-sdk/client-ssm'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, ssm } from '../../src/index.js'
import { motoClients, registryErrorOf, resetMoto, resolveOnce, withClients } from './helpers.js'
import { echoSelectorsLikeAws } from './moto-differences.js'

const NAME = '/orders/prod/endpoint'
const clients = motoClients()
// moto leaves GetParameters' Selector out; see echoSelectorsLikeAws.
echoSelectorsLikeAws(clients.ssm)

const put = (Value: string) => clients.ssm.send(new PutParameterCommand({ Name: NAME, Value, Type: 'String', Overwrite: true }))
const label = (ParameterVersion: number, ...Labels: string[]) => clients.ssm.send(new LabelParameterVersionCommand({ Name: NAME, ParameterVersion, Labels }))

beforeAll(async () => {
  await resetMoto()
  await put('https://v1.example')
  await put('https://v2.example')
  await put('https://v3.example')
  await label(1, 'blue')
  await label(2, 'green')
})

beforeEach(() => clearRegistryCache())

describe('version and label selectors', () => {
  it('reads the latest version, pinned versions and labelled versions side by side', async () => {
    const values = await resolveOnce({
      ...withClients(clients),
      fetch: {
        latest: ssm(NAME),
        first: ssm(`${NAME}:1`),
        second: ssm(`${NAME}:2`),
        blue: ssm(`${NAME}:blue`),
        green: ssm(`${NAME}:green`),
      },
    })
    expect(values).toEqual({
      latest: 'https://v3.example',
      first: 'https://v1.example',
      second: 'https://v2.example',
      blue: 'https://v1.example',
      green: 'https://v2.example',
    })
  })

  it('follows a label that was moved to a newer version', async () => {
    await put('https://v4.example')
    await label(4, 'canary')
    const before = await resolveOnce({ ...withClients(clients), fetch: { canary: ssm(`${NAME}:canary`) } })
    await put('https://v5.example')
    await label(5, 'canary')
    clearRegistryCache()
    const after = await resolveOnce({ ...withClients(clients), fetch: { canary: ssm(`${NAME}:canary`) } })
    expect([before.canary, after.canary]).toEqual(['https://v4.example', 'https://v5.example'])
  })

  it('names the key of a version that does not exist', async () => {
    const error = await registryErrorOf(resolveOnce({ ...withClients(clients), fetch: { latest: ssm(NAME), gone: ssm(`${NAME}:99`) } }))
    expect(error.failures).toHaveLength(1)
    expect(error.failures[0]).toMatchObject({ key: 'gone', source: 'ssm', id: `${NAME}:99` })
    expect(['ParameterNotFound', 'ParameterVersionNotFound']).toContain(error.failures[0]!.code)
  })

  it('names the key of a label no version carries', async () => {
    const error = await registryErrorOf(resolveOnce({ ...withClients(clients), fetch: { purple: ssm(`${NAME}:purple`), blue: ssm(`${NAME}:blue`) } }))
    expect(error.failures.map(({ key, id }) => ({ key, id }))).toEqual([{ key: 'purple', id: `${NAME}:purple` }])
  })
})
