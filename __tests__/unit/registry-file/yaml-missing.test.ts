/** Without the optional `yaml` package, YAML files fail with a message that says what to do; JSON files need nothing. */

import { writeFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { tempDirectory } from '../publish/temp-file.js'

jest.unstable_mockModule('yaml', () => {
  throw Object.assign(new Error("Cannot find package 'yaml'"), { code: 'ERR_MODULE_NOT_FOUND' })
})

const { registry, ssm, RegistryError } = await import('../../../src/index.js')
const { cli } = await import('../cli/fake-io.js')
const { invoke } = await import('../helpers.js')

let directory: Awaited<ReturnType<typeof tempDirectory>>
beforeEach(async () => (directory = await tempDirectory()))
afterEach(() => directory.remove())

const INSTALL = 'reading or writing YAML needs the "yaml" package: add it with "npm install --save-dev yaml", or use a .json file'

describe('without the yaml package', () => {
  it('plan says to install it, or to use JSON', async () => {
    const file = directory.path('registry.yaml')
    await writeFile(file, 'version: 1\nstages: {}\n')
    const { code, stderr } = await cli(['plan', '--file', file, '--region', 'eu-west-1'])
    expect(code).toBe(1)
    expect(stderr).toBe(`middy-registry: ${INSTALL}\n`)
  })

  it('the local registry fails its keys with the same advice', async () => {
    const local = directory.path('registry.yaml')
    await writeFile(local, 'version: 1\nstages: {}\n')
    const error = await invoke(registry({ fetch: { flag: ssm('/a/b') }, local, prefetch: false })).then(
      () => undefined,
      (reason: unknown) => reason,
    )
    expect(error).toBeInstanceOf(RegistryError)
    expect((error as InstanceType<typeof RegistryError>).failures[0]).toMatchObject({
      code: 'LocalRegistryInvalid',
      message: `the local registry file ${local} cannot be read: ${INSTALL}`,
    })
  })

  it('JSON files are read as before', async () => {
    const local = directory.path('registry.json')
    await writeFile(local, JSON.stringify({ version: 1, stages: { prod: { parameters: { '/a/b': 'c' } } } }))
    expect((await invoke(registry({ fetch: { flag: ssm('/a/b') }, local, prefetch: false }))).flag).toBe('c')
  })
})
