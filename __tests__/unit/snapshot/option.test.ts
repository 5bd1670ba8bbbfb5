import { describe, expect, it } from '@jest/globals'
import { registry, ssm } from '../../../src/index.js'

const withSnapshot = (snapshot: unknown) => () =>
  registry({ fetch: { url: ssm('/orders/prod/endpoint') }, prefetch: false, local: false, snapshot: snapshot as never })

describe('the registry option "snapshot"', () => {
  it('takes s3://bucket/key or { bucket, key }', () => {
    expect(withSnapshot('s3://registry-snapshots/prod/snapshot.json')).not.toThrow()
    expect(withSnapshot({ bucket: 'registry-snapshots', key: 'prod/snapshot.json' })).not.toThrow()
  })

  it('fails at init, naming what is wrong', () => {
    expect(withSnapshot('registry-snapshots/prod.json')).toThrow('registry() option "snapshot": must be s3://bucket/key or { bucket, key }')
    expect(withSnapshot('s3://Registry/prod.json')).toThrow('bucket "Registry" is not a bucket name')
    expect(withSnapshot('s3://registry-snapshots/')).toThrow('the object key must be a string of 1-1024 bytes')
    expect(withSnapshot({ bucket: 'registry-snapshots', key: 'k', region: 'eu-west-1' })).toThrow('unknown field "region"')
    expect(withSnapshot(42)).toThrow('must be s3://bucket/key or { bucket, key }, got')
  })
})
