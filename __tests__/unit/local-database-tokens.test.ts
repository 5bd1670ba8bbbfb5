/**
 * Database tokens without the signer packages: the local registry answers them from its
 * "databaseTokens" section (or with a placeholder) and never loads a signer; against AWS, a
 * missing signer package fails with the command that installs it.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { removeRegistryFiles, writeRegistry } from './registry-files.js'

// The signer packages stand in as "not installed", each load recorded.
const sdkLoads: string[] = []
const notInstalled = (service: string, sdkPackage: string, client: string) => () => ({
  sdk: {
    service,
    package: sdkPackage,
    client,
    load: async () => {
      sdkLoads.push(sdkPackage)
      throw Object.assign(new Error(`Cannot find package '${sdkPackage}'`), { code: 'ERR_MODULE_NOT_FOUND' })
    },
  },
})
jest.unstable_mockModule('#sdk/rds-signer', notInstalled('rds-signer', '@aws-sdk/rds-signer', 'Signer'))
jest.unstable_mockModule('#sdk/dsql-signer', notInstalled('dsql-signer', '@aws-sdk/dsql-signer', 'DsqlSigner'))

const { registry, rdsAuthToken, dsqlAuthToken, clearRegistryCache } = await import('../../src/index.js')
// After the mocks: helpers import the package, whose sources import their SDK loaders.
const { invoke, invokeFailing } = await import('./helpers.js')

const DB = { hostname: 'localhost', port: 5432, username: 'orders_app', region: 'eu-west-1' }
const CLUSTER = { hostname: 'abc123.dsql.us-east-1.on.aws' }

beforeEach(() => {
  clearRegistryCache()
  sdkLoads.length = 0
})

afterEach(() => {
  removeRegistryFiles()
})

describe('local registry: database tokens', () => {
  it('serves the token the file gives a database: a local database password, say', async () => {
    const local = writeRegistry({ databaseTokens: { 'localhost:5432/orders_app': 'local-password', [`${CLUSTER.hostname}/admin`]: 'dsql-admin-password' } })
    const fetch = { db: rdsAuthToken(DB), admin: dsqlAuthToken({ ...CLUSTER, admin: true }) }

    const context = await invoke(registry({ fetch, local, prefetch: false }))

    expect(context.db).toBe('local-password')
    expect(context.admin).toBe('dsql-admin-password')
    expect(sdkLoads).toEqual([])
  })

  it('gives any other database a placeholder naming it, so a handler runs offline', async () => {
    const fetch = { db: rdsAuthToken(DB), cluster: dsqlAuthToken(CLUSTER) }

    const context = await invoke(registry({ fetch, local: writeRegistry({ parameters: {} }), prefetch: false }))

    expect(context.db).toBe('local-token:localhost:5432/orders_app')
    expect(context.cluster).toBe(`local-token:${CLUSTER.hostname}`)
  })

  it('masks it as it masks a token from AWS', async () => {
    const context = await invoke(registry({ fetch: { db: rdsAuthToken(DB) }, local: writeRegistry({}), prefetch: false }))

    expect(JSON.stringify(context)).not.toContain('local-token')
  })

  it('refuses a "databaseTokens" section that is not an object', async () => {
    const local = writeRegistry({ databaseTokens: ['local-password'] })

    const error = await invokeFailing(registry({ fetch: { db: rdsAuthToken(DB) }, local, prefetch: false }))

    expect(error.failures[0]).toMatchObject({
      code: 'LocalRegistryInvalid',
      message: 'the "databaseTokens" section of the local registry must be an object',
    })
  })
})

describe('against AWS, without the signer package', () => {
  it('fails with SdkNotInstalled and the command that installs it', async () => {
    const awsClientOptions = { region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' } }

    const error = await invokeFailing(
      registry({ fetch: { db: rdsAuthToken(DB), cluster: dsqlAuthToken(CLUSTER) }, local: false, prefetch: false, awsClientOptions }),
    )

    expect(error.failures.map(({ key, code, message }) => ({ key, code, message }))).toEqual([
      { key: 'db', code: 'SdkNotInstalled', message: '@aws-sdk/rds-signer is not installed; add it with "npm install @aws-sdk/rds-signer"' },
      { key: 'cluster', code: 'SdkNotInstalled', message: '@aws-sdk/dsql-signer is not installed; add it with "npm install @aws-sdk/dsql-signer"' },
    ])
  })
})
