import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { SSMClient } from '@aws-sdk/client-ssm'
import { describe, expect, it } from '@jest/globals'
import { sdk as dynamodbSdk } from '#sdk/dynamodb'
import { sdk as ssmSdk } from '#sdk/ssm'
import { loadSdk, preloadSdk, registerSdk, type SdkDescriptor, sdkInMemory } from '../../../src/aws/sdk.js'

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

/** A descriptor file read directly, whichever variant this runtime's imports would pick. */
const descriptorIn = async (file: string) => (await import(`../../../sdk/${file}`)) as { sdk: SdkDescriptor & { loaded: Record<string, unknown> } }

describe('each SDK descriptor says whether its package may be loaded synchronously', () => {
  it("Node.js's may: require() and import() share the SDK's CommonJS packages", async () => {
    const { sdk } = await descriptorIn('ssm.node.js')
    expect(sdk).toMatchObject({ service: 'ssm', package: '@aws-sdk/client-ssm', client: 'SSMClient', loadsSynchronously: true })
  })

  it("a bundler's loads the client on demand: an import a bundler may leave for run time when the client is not installed", async () => {
    const { sdk } = await descriptorIn('ssm.bundler.js')
    expect(sdk).not.toHaveProperty('loaded')
    expect(sdk).not.toHaveProperty('loadsSynchronously')
    expect((await sdk.load()).SSMClient).toBe(SSMClient)
  })

  it("the subset build's holds its module already, with the commands the source sends", async () => {
    const { sdk } = await descriptorIn('ssm.subset.js')
    expect(sdk.loadsSynchronously).toBeUndefined()
    expect(Object.keys(sdk.loaded).sort()).toEqual(['GetParametersByPathCommand', 'GetParametersCommand', 'SSMClient'])
  })

  it("a bundler's STS loads on demand, never synchronously: its loader is in every bundle", async () => {
    const { sdk } = await descriptorIn('sts.bundler.js')
    expect(sdk).not.toHaveProperty('loaded')
    expect(sdk).not.toHaveProperty('loadsSynchronously')
  })
})

describe('preloadSdk() loads synchronously where the descriptor allows', () => {
  it('loads the very module that import() gives', async () => {
    registerSdk(ssmSdk)
    preloadSdk('ssm')
    expect(sdkInMemory('ssm')?.SSMClient).toBe(SSMClient)
    expect((await ssmSdk.load()).SSMClient).toBe(SSMClient)
  })

  it('leaves a package that is not installed to the asynchronous load, which names it', async () => {
    const missing = {
      ...ssmSdk,
      service: 'dynamodb' as const,
      package: '@aws-sdk/client-not-installed',
      load: () => import('@aws-sdk/client-not-installed' as string),
    }
    registerSdk(missing)
    expect(() => preloadSdk('dynamodb')).not.toThrow()
    expect(sdkInMemory('dynamodb')).toBeUndefined()
    await expect(loadSdk('dynamodb')).rejects.toThrow('@aws-sdk/client-not-installed is not installed; add it with "npm install @aws-sdk/client-not-installed"')
    registerSdk(dynamodbSdk)
  })
})
