import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const fixtures = resolve('__tests__/fixtures')

describe('SDK clients are loaded only for the services a function uses', () => {
  it('never imports the Secrets Manager client in a function that reads only SSM', () => {
    const log = join(mkdtempSync(join(tmpdir(), 'imports-')), 'imports.log')
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', join(fixtures, 'record-imports.mjs'), join(fixtures, 'ssm-only-handler.ts')],
      { env: { ...process.env, IMPORT_LOG: log, NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 60_000 },
    )
    expect(run.stdout.trim()).toBe('RegistryError')
    const imported = readFileSync(log, 'utf8')
    expect(imported).toContain('@aws-sdk/client-ssm')
    expect(imported).not.toContain('@aws-sdk/client-secrets-manager')
    expect(imported).not.toContain('@aws-sdk/client-servicediscovery')
    expect(imported).not.toContain('@aws-sdk/client-dynamodb')
  })
})
