/**
 * Emulators (moto here, LocalStack too) answer a pinned name without AWS's `Selector`. The
 * SSM source matches such an answer by name and version, or by name alone for a label
 * when nothing else in the call could be the same name's answer: local development against
 * an emulator then reads pinned parameters as AWS would.
 */
import { LabelParameterVersionCommand, PutParameterCommand } from '@aws-sdk/client-ssm'
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { clearRegistryCache, ssm } from '../../src/index.js'
import { motoClients, resetMoto, resolveOnce, withClients } from './helpers.js'

const NAME = '/emulated/prod/endpoint'
// No echoSelectorsLikeAws here: the client sees moto's answers as they are.
const clients = motoClients()
const put = (Value: string) => clients.ssm.send(new PutParameterCommand({ Name: NAME, Value, Type: 'String', Overwrite: true }))

beforeAll(async () => {
  await resetMoto()
  for (const version of [1, 2, 3]) await put(`https://v${version}.example`)
  await clients.ssm.send(new LabelParameterVersionCommand({ Name: NAME, ParameterVersion: 1, Labels: ['blue'] }))
})

beforeEach(() => clearRegistryCache())

describe('pinned parameters on an emulator that leaves Selector out', () => {
  it('reads a pinned version by its number', async () => {
    expect(await resolveOnce({ ...withClients(clients), fetch: { first: ssm(`${NAME}:1`) } })).toEqual({ first: 'https://v1.example' })
  })

  it('reads a label asked for alone', async () => {
    expect(await resolveOnce({ ...withClients(clients), fetch: { blue: ssm(`${NAME}:blue`) } })).toEqual({ blue: 'https://v1.example' })
  })

  it('tells the latest and a pinned version apart in one call', async () => {
    const values = await resolveOnce({ ...withClients(clients), fetch: { latest: ssm(NAME), second: ssm(`${NAME}:2`) } })
    expect(values).toEqual({ latest: 'https://v3.example', second: 'https://v2.example' })
  })
})
