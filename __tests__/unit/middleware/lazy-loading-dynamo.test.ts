import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const fixtures = resolve('__tests__/fixtures')

describe('the DynamoDB client is loaded only by functions that use dynamo()', () => {
  it('imports the DynamoDB client, and none of the other services\' clients, in a function that reads only DynamoDB', () => {
    const log = join(mkdtempSync(join(tmpdir(), 'imports-')), 'imports.log')
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', join(fixtures, 'record-imports.mjs'), join(fixtures, 'dynamo-only-handler.ts')],
      { env: { ...process.env, IMPORT_LOG: log, NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 60_000 },
    )
    // It reached AWS through the DynamoDB client (and failed there: nothing listens).
    expect(run.stdout.trim()).toBe('RegistryError dynamodb')
    const imported = readFileSync(log, 'utf8')
    expect(imported).toContain('@aws-sdk/client-dynamodb')
    expect(imported).not.toContain('@aws-sdk/client-ssm')
    expect(imported).not.toContain('@aws-sdk/client-secrets-manager')
    expect(imported).not.toContain('@aws-sdk/client-servicediscovery')
  })
})
