import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const fixtures = resolve('__tests__/fixtures')

describe('the Cloud Map client is loaded only by functions that use cloudMap()', () => {
  it('imports the Cloud Map client, and neither the SSM nor the Secrets Manager one, in a function that reads only Cloud Map', () => {
    const log = join(mkdtempSync(join(tmpdir(), 'imports-')), 'imports.log')
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', join(fixtures, 'record-imports.mjs'), join(fixtures, 'cloud-map-only-handler.ts')],
      { env: { ...process.env, IMPORT_LOG: log, NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 60_000 },
    )
    // It reached AWS through the Cloud Map client (and failed there: nothing listens).
    expect(run.stdout.trim()).toBe('RegistryError servicediscovery')
    const imported = readFileSync(log, 'utf8')
    expect(imported).toContain('@aws-sdk/client-servicediscovery')
    expect(imported).not.toContain('@aws-sdk/client-ssm')
    expect(imported).not.toContain('@aws-sdk/client-secrets-manager')
    expect(imported).not.toContain('@aws-sdk/client-dynamodb')
  })
})
