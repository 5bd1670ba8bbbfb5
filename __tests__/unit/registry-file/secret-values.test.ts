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
    const values = await secretValuesOf(file, { ORDERS_KEY: 'k1-orders', DB_PASSWORD: 'p1', DB_SECRET: 's1' })
    expect(byName(values)).toEqual({ 'orders/prod/api-key': 'k1-orders', '/db/prod/password': 'p1', 'db/prod': 's1' })
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

describe('a service’s API key from a registry file', () => {
  const file = entries({ services: { orders: { endpoint: 'https://o.example.com', apiKey: { fromEnv: 'ORDERS_KEY' } } } })

  it('is refused shorter than 8 characters, too short to be masked safely, without quoting it or its length', async () => {
    const message = await refusal(secretValuesOf(file, { ORDERS_KEY: 'prod' }))
    expect(message).toBe('stages.prod.services.orders.apiKey: the API key given is shorter than 8 characters: too short to be masked safely')
  })

  it('is taken at 8 characters', async () => {
    expect(byName(await secretValuesOf(file, { ORDERS_KEY: 'k3y-8chr' }))).toEqual({ 'orders/prod/api-key': 'k3y-8chr' })
  })

  it('is the only secret held to that length: other secrets are values of any length', async () => {
    const values = await secretValuesOf(entries({ secrets: { 'db/pin': { fromEnv: 'PIN' } } }), { PIN: '1234' })
    expect(byName(values)).toEqual({ 'db/pin': '1234' })
  })
})

describe('a binary secret’s value, given as base64', () => {
  const file = entries({ secrets: { 'tls/cert': { fromEnv: 'TLS_CERT', binary: true } } })
  const taken = async (text: string) => byName(await secretValuesOf(file, { TLS_CERT: text }))['tls/cert']

  it('is taken as it is', async () => {
    expect(await taken('AQIDBA==')).toBe('AQIDBA==')
  })

  it('is taken without the line breaks the base64 tool wraps its output with', async () => {
    expect(await taken('AQID\nBAUG\r\nBwg=\n')).toBe('AQIDBAUGBwg=')
  })

  it.each([
    ['a character outside the alphabet', 'AQID*A==', 'has a character that is not base64 at position 5 (line breaks not counted)'],
    ['base64url', 'AQID-A==', 'is base64url (with - or _): give standard base64, with + and /'],
    ['missing padding', 'AQIDBA', 'has 6 characters, not a multiple of 4 (is its = padding missing?)'],
    ['padding inside', 'AQ==BA==', 'has = other than as padding at its end'],
    ['bits set past its last byte', 'AQIDBB==', 'is not canonical base64 (bits are set past its last byte)'],
    ['only line breaks', '\n', 'is empty'],
  ])('is refused with %s, naming the entry, never quoting the value', async (_case, text, problem) => {
    const message = await refusal(secretValuesOf(file, { TLS_CERT: text }))
    expect(message).toBe(`stages.prod.secrets["tls/cert"] is binary: true, and the value given ${problem}`)
  })

  it('is asked at the terminal as base64 for { prompt: true }', async () => {
    const ask = jest.fn(async (_question: string) => 'AQIDBA==')
    const values = await secretValuesOf(entries({ secrets: { 'tls/cert': { prompt: true, binary: true } } }), {}, ask)
    expect(byName(values)).toEqual({ 'tls/cert': 'AQIDBA==' })
    expect(ask).toHaveBeenCalledWith('binary secret, as base64, tls/cert (stages.prod.secrets["tls/cert"]): ')
  })

  it('is refused past Secrets Manager’s 65,536 bytes, counted decoded', async () => {
    const message = await refusal(secretValuesOf(file, { TLS_CERT: Buffer.alloc(65_537).toString('base64') }))
    expect(message).toBe('stages.prod.secrets["tls/cert"]: the value given is longer than 65536 bytes (Secrets Manager\'s limit)')
  })
})
