import { PutParameterCommand } from '@aws-sdk/client-ssm'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, ssm } from '../../src/index.js'
import { motoClients, resetMoto, resolveOnce, withClientOptions, withClients } from './helpers.js'

const clients = motoClients()

// 37 parameters at three depths below /features/prod: more than three pages of ten.
const FEATURES: Record<string, string> = {}
for (let index = 0; index < 12; index++) FEATURES[`flag-${index}`] = `top-${index}`
for (let index = 0; index < 15; index++) FEATURES[`beta/flag-${index}`] = `beta-${index}`
for (let index = 0; index < 10; index++) FEATURES[`beta/search/flag-${index}`] = `deep-${index}`
const DIRECT_CHILDREN = Object.fromEntries(Object.entries(FEATURES).filter(([name]) => !name.includes('/')))

beforeAll(async () => {
  await resetMoto()
  for (const [name, value] of Object.entries(FEATURES)) {
    await clients.ssm.send(new PutParameterCommand({ Name: `/features/prod/${name}`, Value: value, Type: 'String' }))
  }
  // Neighbours that share a prefix but are not under the path.
  await clients.ssm.send(new PutParameterCommand({ Name: '/features/production/flag', Value: 'other', Type: 'String' }))
  await clients.ssm.send(new PutParameterCommand({ Name: '/features/staging/flag-0', Value: 'other', Type: 'String' }))
})

beforeEach(() => {
  clearRegistryCache()
  clients.requests.reset()
})

describe('ssm.path() against Parameter Store', () => {
  it('returns all 37 parameters of a nested hierarchy, keyed relative to the path', async () => {
    expect(Object.keys(FEATURES)).toHaveLength(37)
    const values = await resolveOnce({ ...withClients(clients), fetch: { features: ssm.path('/features/prod/') } })
    expect(values.features).toEqual(FEATURES)
  })

  it('follows NextToken through every page', async () => {
    await resolveOnce({ ...withClients(clients), fetch: { features: ssm.path('/features/prod') } })
    // Pages hold at most 10 parameters: 37 need at least 4 requests.
    expect(clients.requests.of('GetParametersByPath')).toBeGreaterThanOrEqual(4)
    expect(clients.requests.all()).toEqual({ GetParametersByPath: clients.requests.of('GetParametersByPath') })
  })

  it('returns only the direct children when recursive is false', async () => {
    const values = await resolveOnce({ ...withClients(clients), fetch: { flags: ssm.path('/features/prod', { recursive: false }) } })
    expect(values.flags).toEqual(DIRECT_CHILDREN)
  })

  it('returns a nested level keyed relative to that level', async () => {
    const values = await resolveOnce({ ...withClientOptions(), fetch: { search: ssm.path('/features/prod/beta/search') } })
    expect(values.search).toEqual(Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`flag-${index}`, `deep-${index}`])))
  })

  it('resolves a path with no parameters to an empty record', async () => {
    const values = await resolveOnce({ ...withClients(clients), fetch: { nothing: ssm.path('/features/retired') } })
    expect(values.nothing).toEqual({})
  })
})
