// Type tests for s3(): text, JSON and bytes are typed on the context from the declaration.
import { S3Client } from '@aws-sdk/client-s3'
import middy from '@middy/core'
import { expectTypeOf } from 'expect-type'
import { type Reference, registry, type S3Options, s3 } from '../../src/index.js'

const BUCKET = 'config-bucket'

const config = registry({
  fetch: {
    motd: s3(BUCKET, 'motd.txt'),
    limits: s3.json<{ rps: number }>(BUCKET, 'limits.json', { cacheExpiry: 60_000 }),
    anything: s3.json(BUCKET, 'anything.json'),
    logo: s3.binary(BUCKET, 'logo.png', { maxBytes: 5_000_000 }),
    pinned: s3(BUCKET, 'motd.txt', { versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' }),
    maybe: s3(BUCKET, 'maybe.txt', { optional: true }),
    maybeLogo: s3.binary(BUCKET, 'maybe.png', { optional: true }),
    central: s3(BUCKET, 'shared.txt', { assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/registry-reader' } }),
  },
  clients: { s3: new S3Client({}) },
})

middy()
  .use(config)
  .handler(async (_event, context) => {
    expectTypeOf(context.motd).toEqualTypeOf<string>()
    expectTypeOf(context.limits).toEqualTypeOf<{ rps: number }>()
    expectTypeOf(context.anything).toEqualTypeOf<unknown>()
    expectTypeOf(context.logo).toEqualTypeOf<Uint8Array>()
    expectTypeOf(context.pinned).toEqualTypeOf<string>()
    expectTypeOf(context.maybe).toEqualTypeOf<string | undefined>()
    expectTypeOf(context.maybeLogo).toEqualTypeOf<Uint8Array | undefined>()
    expectTypeOf(context.central).toEqualTypeOf<string>()
  })

expectTypeOf(s3(BUCKET, 'motd.txt')).toEqualTypeOf<Reference<string>>()
expectTypeOf(config.refresh('limits')).resolves.toEqualTypeOf<{ limits: { rps: number } }>()
expectTypeOf<S3Options['maxBytes']>().toEqualTypeOf<number | undefined>()

// @ts-expect-error the key is required
s3(BUCKET)
// @ts-expect-error bucket and key are two arguments, not one path
s3(`${BUCKET}/motd.txt`, { versionId: 'v1' })
// @ts-expect-error versionStage belongs to secret()
s3(BUCKET, 'motd.txt', { versionStage: 'AWSCURRENT' })
// @ts-expect-error maxBytes is a number of bytes
s3.binary(BUCKET, 'logo.png', { maxBytes: '5MB' })
