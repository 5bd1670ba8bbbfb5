import { readFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { tempDirectory } from '../publish/temp-file.js'
import { cli } from './fake-io.js'

const KEY = 'sk_live_4f9a8b7c6d5e'
let directory: Awaited<ReturnType<typeof tempDirectory>>
let local: string
const publish = (...extra: string[]) => [
  'publish',
  '--service',
  'orders',
  '--stage',
  'dev',
  '--endpoint',
  'https://orders.dev.example',
  '--local',
  local,
  ...extra,
]
const storedKey = async () => JSON.parse(await readFile(local, 'utf8')).secrets['orders/dev/api-key']

beforeEach(async () => {
  directory = await tempDirectory()
  local = directory.path('registry.json')
})
afterEach(() => directory.remove())

describe('the API key comes from a named environment variable or stdin', () => {
  it('reads the variable --api-key-from-env names', async () => {
    const { code, stdout, stderr } = await cli(publish('--api-key-from-env', 'ORDERS_API_KEY'), { env: { ORDERS_API_KEY: KEY } })
    expect(code).toBe(0)
    expect(await storedKey()).toBe(KEY)
    expect(stdout + stderr).not.toContain(KEY)
  })

  it('exits 65 when the variable is unset or empty, writing nothing', async () => {
    const { code, stderr } = await cli(publish('--api-key-from-env', 'ORDERS_API_KEY'), { env: { ORDERS_API_KEY: '' } })
    expect(code).toBe(65)
    expect(stderr).toBe('middy-registry: the environment variable ORDERS_API_KEY (--api-key-from-env) is not set, or is empty\n')
    await expect(readFile(local)).rejects.toThrow('ENOENT')
  })

  it('reads a piped key, without the line break echo adds', async () => {
    const { code } = await cli(publish('--api-key-stdin'), { stdin: `${KEY}\n` })
    expect(code).toBe(0)
    expect(await storedKey()).toBe(KEY)
  })

  it('keeps a key’s own inner and leading whitespace', async () => {
    await cli(publish('--api-key-stdin'), { stdin: ' two words\r\n' })
    expect(await storedKey()).toBe(' two words')
  })

  it('refuses to read a key typed at a terminal, where it would show', async () => {
    const { code, stderr } = await cli(publish('--api-key-stdin'))
    expect(code).toBe(64)
    expect(stderr).toContain('--api-key-stdin reads the key from a pipe')
  })

  it('exits 65 on an empty pipe', async () => {
    expect((await cli(publish('--api-key-stdin'), { stdin: '\n' })).code).toBe(65)
  })

  it('refuses both sources at once', async () => {
    const { code, stderr } = await cli(publish('--api-key-stdin', '--api-key-from-env', 'K'), { stdin: KEY, env: { K: KEY } })
    expect(code).toBe(64)
    expect(stderr).toContain('give --api-key-from-env or --api-key-stdin, not both')
  })

  it('publishes no key with neither', async () => {
    const { code, stdout } = await cli(publish('--json'))
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).not.toHaveProperty('apiKey')
  })
})

describe('a key too short to be masked safely is refused', () => {
  it('from the variable, naming the variable but neither the key nor its length, writing nothing', async () => {
    const { code, stderr } = await cli(publish('--api-key-from-env', 'ORDERS_API_KEY'), { env: { ORDERS_API_KEY: 'prod' } })
    expect(code).toBe(65)
    expect(stderr).toBe(
      'middy-registry: the API key read from the environment variable ORDERS_API_KEY (--api-key-from-env) is shorter than 8 characters: too short to be masked safely\n',
    )
    await expect(readFile(local)).rejects.toThrow('ENOENT')
  })

  it('from stdin', async () => {
    const { code, stderr } = await cli(publish('--api-key-stdin'), { stdin: 'prod\n' })
    expect(code).toBe(65)
    expect(stderr).toBe('middy-registry: the API key read from --api-key-stdin is shorter than 8 characters: too short to be masked safely\n')
  })

  it('by diff as by publish', async () => {
    const diff = ['diff', ...publish('--api-key-from-env', 'ORDERS_API_KEY').slice(1)]
    expect((await cli(diff, { env: { ORDERS_API_KEY: 'prod' } })).code).toBe(65)
  })

  it('takes a key of 8 characters', async () => {
    expect((await cli(publish('--api-key-stdin'), { stdin: 'k3y-8chr' })).code).toBe(0)
    expect(await storedKey()).toBe('k3y-8chr')
  })
})

describe('an unset variable is named when it looks like one', () => {
  it('names a variable in capitals, the convention', async () => {
    const { stderr } = await cli(publish('--api-key-from-env', 'ORDERS_API_KEY'))
    expect(stderr).toBe('middy-registry: the environment variable ORDERS_API_KEY (--api-key-from-env) is not set, or is empty\n')
  })

  it('does not name one in mixed case, which may be a key pasted in its place', async () => {
    const { code, stderr } = await cli(publish('--api-key-from-env', 'sk_live_4f9a8b7c6d5e'))
    expect(code).toBe(65)
    expect(stderr).toBe('middy-registry: the environment variable named by --api-key-from-env is not set, or is empty\n')
  })
})
