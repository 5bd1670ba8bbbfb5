/**
 * The signers' SDK descriptors: a signer is no client with send(), so `client` names the
 * class the source makes one of per database, and there is no `clients` option for it.
 */
import { DsqlSigner } from '@aws-sdk/dsql-signer'
import { Signer } from '@aws-sdk/rds-signer'
import { describe, expect, it } from '@jest/globals'
import type { SdkDescriptor } from '../../../src/aws/sdk.js'

/** A descriptor file read directly, whichever variant this runtime's imports would pick. */
const descriptorIn = async (file: string) => (await import(`../../../sdk/${file}`)) as { sdk: SdkDescriptor & { loaded?: Record<string, unknown> } }

describe.each([
  ['rds-signer', '@aws-sdk/rds-signer', 'Signer', Signer],
  ['dsql-signer', '@aws-sdk/dsql-signer', 'DsqlSigner', DsqlSigner],
] as const)('the %s descriptors', (service, sdkPackage, client, SignerClass) => {
  it("Node.js's loads the package synchronously within init, and takes no client of your own", async () => {
    const { sdk } = await descriptorIn(`${service}.node.js`)
    expect(sdk).toEqual({ service, package: sdkPackage, client, load: expect.any(Function), loadsSynchronously: true })
    expect((await sdk.load())[client]).toBe(SignerClass)
  })

  it("a bundler's loads it on demand, an import a bundler may leave for run time", async () => {
    const { sdk } = await descriptorIn(`${service}.bundler.js`)
    expect(sdk).toEqual({ service, package: sdkPackage, client, load: expect.any(Function) })
    expect((await sdk.load())[client]).toBe(SignerClass)
  })

  it("the subset build's holds the signer class already, and nothing else", async () => {
    const { sdk } = await descriptorIn(`${service}.subset.js`)
    expect(Object.keys(sdk.loaded ?? {})).toEqual([client])
    expect(sdk.loaded?.[client]).toBe(SignerClass)
  })
})
