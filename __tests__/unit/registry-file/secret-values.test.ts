import { describe, expect, it, jest } from '@jest/globals'
import { PublishInputError } from '../../../src/core/problem.js'
import { checkRegistryFile } from '../../../src/registry-file/check-file.js'
import { type DesiredEntry, entriesOf } from '../../../src/registry-file/entries.js'
import { secretValuesOf } from '../../../src/write/sync/secret-values.js'

const entries = (stage: Record<string, unknown>) => entriesOf(checkRegistryFile({ version: 1, stages: { prod: stage } }))
const byName = (values: Map<DesiredEntry, string>) =>
  Object.fromEntries([...values].map(([entry, value]) => [entry.kind === 'item' ? entry.table : entry.name, value]))

async function refusal(gathering: Promise<unknown>): Promise<string> {
  const error = await gathering.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(PublishInputError)
  return (error as Error).message
}

describe('the values of a registry file’s secrets', () => {
  it('come from the variables the file names, for secrets, API keys and SecureStrings', async () => {
    const file = entries({
      services: { orders: { endpoint: 'https://o.example.com', apiKey: { fromEnv: 'ORDERS_KEY' } } },
      parameters: { '/db/prod/password': { secure: { fromEnv: 'DB_PASSWORD' } }, '/plain': 'x' },
      secrets: { 'db/prod': { fromEnv: 'DB_SECRET' }, 'legacy/prod': { declared: true } },
    })
    const values = await secretValuesOf(file, { ORDERS_KEY: 'k1', DB_PASSWORD: 'p1', DB_SECRET: 's1' })
    expect(byName(values)).toEqual({ 'orders/prod/api-key': 'k1', '/db/prod/password': 'p1', 'db/prod': 's1' })
  })

  it('name every variable that is unset or empty at once, and nothing else', async () => {
    const file = entries({ secrets: { 'a/prod': { fromEnv: 'A_KEY' }, 'b/prod': { fromEnv: 'B_KEY' }, 'c/prod': { fromEnv: 'C_KEY' } } })
    const message = await refusal(secretValuesOf(file, { B_KEY: '', C_KEY: 'sk_present' }))
    expect(message).toBe(
      'these environment variables are not set, or are empty: A_KEY (for stages.prod.secrets["a/prod"]), B_KEY (for stages.prod.secrets["b/prod"])',
    )
  })

  it('are asked at the terminal for { prompt: true }, naming the entry', async () => {
    const ask = jest.fn(async (_question: string) => 'typed-secret')
    const values = await secretValuesOf(entries({ secrets: { 'db/prod': { prompt: true } } }), {}, ask)
    expect(byName(values)).toEqual({ 'db/prod': 'typed-secret' })
    expect(ask).toHaveBeenCalledWith('secret db/prod (stages.prod.secrets["db/prod"]): ')
  })

  it('are refused for { prompt: true } when there is no terminal to ask at', async () => {
    const message = await refusal(secretValuesOf(entries({ secrets: { 'db/prod': { prompt: true } } }), {}))
    expect(message).toBe('stages.prod.secrets["db/prod"] is { prompt: true }, and there is no terminal to ask at; in a pipeline, use { fromEnv: VARIABLE }')
  })

  it('are refused when typed empty, or past the service’s size limit, without quoting them', async () => {
    const big = 'x'.repeat(4097)
    expect(await refusal(secretValuesOf(entries({ secrets: { 'db/prod': { prompt: true } } }), {}, async () => ''))).toBe(
      'stages.prod.secrets["db/prod"]: the value given is empty',
    )
    const message = await refusal(secretValuesOf(entries({ parameters: { '/p': { secure: { fromEnv: 'BIG' } } } }), { BIG: big }))
    expect(message).toBe('stages.prod.parameters["/p"]: the value given is longer than 4096 bytes (SSM\'s limit)')
  })

  it('are not needed for declared entries', async () => {
    const values = await secretValuesOf(entries({ secrets: { 'db/prod': { declared: true } }, parameters: { '/p': { secure: { declared: true } } } }), {})
    expect(values.size).toBe(0)
  })
})
