import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from '@jest/globals'

const fixtures = resolve('__tests__/fixtures')

const CLIENTS = {
  ssm: '@aws-sdk/client-ssm',
  secretsmanager: '@aws-sdk/client-secrets-manager',
  servicediscovery: '@aws-sdk/client-servicediscovery',
  dynamodb: '@aws-sdk/client-dynamodb',
  appconfig: '@aws-sdk/client-appconfigdata',
  s3: '@aws-sdk/client-s3',
} as const

/** Runs the one-source fixture in a fresh process and returns what it printed and imported. */
function runWithOnly(source: keyof typeof CLIENTS): { printed: string; imported: string } {
  const log = join(mkdtempSync(join(tmpdir(), 'imports-')), 'imports.log')
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(fixtures, 'record-imports.mjs'), join(fixtures, 'single-source-handler.ts')], {
    env: { ...process.env, SOURCE: source, IMPORT_LOG: log, NODE_OPTIONS: '' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { printed: run.stdout.trim(), imported: readFileSync(log, 'utf8') }
}

describe('SDK clients are loaded only for the services a function uses', () => {
  it.each(Object.keys(CLIENTS) as Array<keyof typeof CLIENTS>)('a function that reads only %s imports that client and no other', (source) => {
    const { printed, imported } = runWithOnly(source)
    // It reached AWS through that client (and failed there: nothing listens).
    expect(printed).toBe(`RegistryError ${source}`)
    for (const [other, client] of Object.entries(CLIENTS)) {
      if (other === source) expect(imported).toContain(client)
      else expect(imported).not.toContain(client)
    }
  })
})
