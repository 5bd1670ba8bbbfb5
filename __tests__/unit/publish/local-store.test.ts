import { readFile, writeFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { checkRegistryFile } from '../../../src/registry-file/check-file.js'
import { entriesOf } from '../../../src/registry-file/entries.js'
import { applyPlan } from '../../../src/write/engine/apply.js'
import { planRegistry } from '../../../src/write/engine/plan.js'
import { tempDirectory } from './temp-file.js'

let directory: Awaited<ReturnType<typeof tempDirectory>>
let file: string

beforeEach(async () => {
  directory = await tempDirectory()
  file = directory.path('registry.local.json')
})
afterEach(() => directory.remove())

const entries = (stage: Record<string, unknown>) => entriesOf(checkRegistryFile({ version: 1, stages: { dev: stage } }))

describe('the engine on a local registry file', () => {
  it('plans and applies a registry file’s parameters into it, counting versions', async () => {
    await writeFile(file, JSON.stringify({ parameters: { '/a': 'old' }, secrets: {} }))
    const plan = await planRegistry(entries({ parameters: { '/a': 'new', '/b': ['x', 'y'] } }), new Map(), { local: file })
    expect(plan.plan.entries.map(({ name, action }) => [name, action])).toEqual([
      ['/a', 'update'],
      ['/b', 'create'],
    ])
    const result = await applyPlan(plan)
    expect(result.applied.map(({ name, version }) => [name, version])).toEqual([
      ['/a', 2],
      ['/b', 1],
    ])
    expect(JSON.parse(await readFile(file, 'utf8')).parameters).toEqual({ '/a': 'new', '/b': 'x,y' })
  })

  it('refuses DynamoDB items, which a registry file gives the local source as they are', async () => {
    const items = entries({ dynamo: { flags: [{ pk: 'a', on: true }] } })
    await expect(planRegistry(items, new Map(), { local: file })).rejects.toThrow(
      `DynamoDB items are not written to the local registry file ${file}: point MIDDY_REGISTRY_LOCAL at the registry file itself`,
    )
  })
})
