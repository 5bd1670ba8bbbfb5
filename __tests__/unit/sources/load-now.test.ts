import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { SSMClient } from '@aws-sdk/client-ssm'
import { describe, expect, it } from '@jest/globals'
import { loadSdk as loadSsmSdk } from '#sdk/ssm'
import { importsNatively, loadNow } from '../../../src/aws/load-now.js'

describe('registry() loads the SDK clients its declarations use within Lambda init', () => {
  const afterRegistry = ({ prefetch = true, testMode = false }) =>
    spawnSync(process.execPath, ['--import', 'tsx', resolve('__tests__/fixtures/prefetch-load.ts')], {
      env: { ...process.env, PREFETCH: String(prefetch), TEST_MODE: String(testMode), NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 60_000,
    }).stdout.trim()

  it('has the client loaded by the time registry() returns', () => {
    expect(afterRegistry({})).toBe('loaded')
  })

  it('loads it without prefetch too, which only holds the requests back', () => {
    expect(afterRegistry({ prefetch: false })).toBe('loaded')
  })

  it('loads nothing in test mode, where stubs answer', () => {
    expect(afterRegistry({ testMode: true })).toBe('not loaded')
  })
})

describe('an SDK package is loaded synchronously only where that is the module import() would load', () => {
  it('recognises an import() as written, with either quote', () => {
    expect(importsNatively(() => import('@aws-sdk/client-ssm'), '@aws-sdk/client-ssm')).toBe(true)
    // What a minifier writes.
    expect(importsNatively(new Function('return () => import("@aws-sdk/client-ssm")')() as () => Promise<unknown>, '@aws-sdk/client-ssm')).toBe(true)
  })

  it('declines an import that a bundler rewrote to load its own copy of the SDK', () => {
    const bundled = new Function('init', 'exports', 'return () => Promise.resolve().then(() => (init(), exports))')(
      () => undefined,
      {},
    ) as () => Promise<unknown>
    expect(importsNatively(bundled, '@aws-sdk/client-ssm')).toBe(false)
    expect(loadNow(bundled, '@aws-sdk/client-ssm')).toBeUndefined()
  })

  it('declines an import of another module, such as a code-split chunk', () => {
    const chunk = new Function('return () => import("./chunk-ssm.js")')() as () => Promise<unknown>
    expect(importsNatively(chunk, '@aws-sdk/client-ssm')).toBe(false)
  })

  it('loads the very module that import() gives', async () => {
    const importer = () => import('@aws-sdk/client-ssm')
    const loaded = loadNow<{ SSMClient: unknown }>(importer, '@aws-sdk/client-ssm')
    expect(loaded?.SSMClient).toBe(SSMClient)
    expect(loaded?.SSMClient).toBe((await importer()).SSMClient)
  })

  it('loads synchronously what the SSM source’s own loader (sdk/ssm.node.js) imports', async () => {
    const loaded = loadNow<{ SSMClient: unknown }>(loadSsmSdk, '@aws-sdk/client-ssm')
    expect(loaded?.SSMClient).toBe((await loadSsmSdk()).SSMClient)
  })

  it('leaves a package that is not installed to import(), which reports it', () => {
    const importer = () => import('@aws-sdk/client-not-installed' as string)
    expect(loadNow(importer, '@aws-sdk/client-not-installed')).toBeUndefined()
  })
})
