import { writeFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { RegistryFileError } from '../../../src/registry-file/problem.js'
import { readRegistryFile } from '../../../src/registry-file/read.js'
import { tempDirectory } from '../publish/temp-file.js'

let directory: Awaited<ReturnType<typeof tempDirectory>>
beforeEach(async () => (directory = await tempDirectory()))
afterEach(() => directory.remove())

async function written(name: string, text: string): Promise<string> {
  const path = directory.path(name)
  await writeFile(path, text)
  return path
}

async function failureOf(reading: Promise<unknown>): Promise<string> {
  const error = await reading.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(RegistryFileError)
  return (error as Error).message
}

const YAML = `version: 1
stages:
  prod:
    services:
      orders:
        endpoint: https://orders.example.com
        apiKey: { fromEnv: ORDERS_KEY }
    parameters:
      /features/prod/checkout-v2: on
      /orders/prod/hosts: [a.example.com, b.example.com]
`

describe('reading a registry file', () => {
  it('reads YAML from a .yaml or .yml file, `on` staying a string', async () => {
    for (const name of ['registry.yaml', 'registry.yml']) {
      const { entries } = await readRegistryFile(await written(name, YAML))
      expect(entries.map((entry) => entry.kind === 'parameter' && 'value' in entry && entry.value)).toEqual([
        'https://orders.example.com',
        false,
        'on',
        'a.example.com,b.example.com',
      ])
    }
  })

  it('reads JSON from any other file', async () => {
    const path = await written('registry.json', JSON.stringify({ version: 1, stages: { dev: { parameters: { '/a/b': 'c' } } } }))
    expect((await readRegistryFile(path)).entries).toMatchObject([{ kind: 'parameter', name: '/a/b', value: 'c', stage: 'dev' }])
  })

  it('keeps to one stage when asked', async () => {
    const path = await written(
      'registry.json',
      JSON.stringify({ version: 1, stages: { dev: { parameters: { '/a/b': 'c' } }, prod: { parameters: { '/a/c': 'd' } } } }),
    )
    expect((await readRegistryFile(path, 'prod')).entries.map((entry) => entry.stage)).toEqual(['prod'])
  })

  it('names the file and the place that is wrong', async () => {
    const path = await written('registry.yaml', YAML.replace('https://orders', 'http://orders'))
    expect(await failureOf(readRegistryFile(path))).toMatch(new RegExp(`^${path}: stages\\.prod\\.services\\.orders\\.endpoint must be an https URL`))
  })

  it('gives the line and column of a YAML syntax error, never the text around it', async () => {
    const path = await written('registry.yaml', 'version: 1\nstages:\n  prod: [secret-looking-text\n')
    const message = await failureOf(readRegistryFile(path))
    expect(message).toMatch(new RegExp(`^${path} is not valid YAML \\(line \\d+, column \\d+\\)$`))
    expect(message).not.toContain('secret-looking-text')
  })

  it('never quotes JSON that does not parse', async () => {
    const path = await written('registry.json', '{"version": 1, "stages": {"prod": sk_live_123}}')
    expect(await failureOf(readRegistryFile(path))).toBe(`${path} is not valid JSON`)
  })

  it('reads a file that starts with a UTF-8 byte-order mark', async () => {
    const path = await written('registry.json', `\uFEFF${JSON.stringify({ version: 1, stages: { dev: { parameters: { '/a/b': 'c' } } } })}`)
    expect((await readRegistryFile(path)).entries).toMatchObject([{ kind: 'parameter', name: '/a/b', value: 'c' }])
  })

  it.each([
    ['JSON', 'registry.json', (deep: string) => `{"version": 1, "stages": {"prod": {"parameters": {"/deep": {"json": ${deep}}}}}}`],
    ['YAML', 'registry.yaml', (deep: string) => `version: 1\nstages:\n  prod:\n    parameters:\n      /deep: { json: ${deep} }\n`],
  ])('names the entry and the limit of %s nested 100,000 levels deep', async (_syntax, name, text) => {
    const path = await written(name, text(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))
    expect(await failureOf(readRegistryFile(path))).toBe(`${path}: stages.prod.parameters["/deep"] is nested deeper than 64 levels`)
  })

  it('says when the file cannot be read', async () => {
    expect(await failureOf(readRegistryFile(directory.path('missing.yaml')))).toBe(`${directory.path('missing.yaml')} cannot be read (ENOENT)`)
  })
})
