/**
 * The bin itself, once, as a pipeline runs it: a child process (the TypeScript source
 * through tsx), the key piped on stdin, the exit code read by the shell.
 */

import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { tempDirectory } from '../publish/temp-file.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const KEY = 'sk_live_4f9a8b7c6d5e'

function middyRegistry(argv: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], {
      cwd: root,
      env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

let directory: Awaited<ReturnType<typeof tempDirectory>>
beforeAll(async () => (directory = await tempDirectory()))
afterAll(() => directory.remove())

describe('the middy-registry bin', () => {
  it('publishes with a piped key, then diff exits 2 for a new endpoint', async () => {
    const local = directory.path('registry.json')
    const orders = ['--service', 'orders', '--stage', 'dev', '--local', local]
    const published = await middyRegistry(['publish', ...orders, '--endpoint', 'https://orders.dev.example', '--api-key-stdin'], `${KEY}\n`)
    expect(published).toMatchObject({ code: 0, stderr: '' })
    expect(published.stdout).toContain('endpoint  /orders/dev/endpoint  version 1')
    expect(JSON.parse(await readFile(local, 'utf8')).secrets['orders/dev/api-key']).toBe(KEY)
    const diff = await middyRegistry(['diff', ...orders, '--endpoint', 'https://orders-v2.dev.example'])
    expect(diff.code).toBe(2)
  }, 20_000)
})
