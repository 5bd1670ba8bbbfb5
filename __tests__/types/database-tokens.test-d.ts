// Type tests for rdsAuthToken() and dsqlAuthToken(): a token is a string on the context, never undefined.
import middy from '@middy/core'
import { expectTypeOf } from 'expect-type'
import { type AuthTokenOptions, dsqlAuthToken, type RdsEndpoint, type Reference, rdsAuthToken, registry } from '../../src/index.js'

const DB: RdsEndpoint = { hostname: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com', port: 5432, username: 'orders_app' }
const CLUSTER = { hostname: 'abc123.dsql.us-east-1.on.aws' }

const database = registry({
  fetch: {
    db: rdsAuthToken(DB),
    reporting: rdsAuthToken({ ...DB, username: 'reporting', region: 'eu-west-1' }, { cacheExpiry: 5 * 60_000 }),
    central: rdsAuthToken(DB, { assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/orders-db-connect' } }),
    cluster: dsqlAuthToken(CLUSTER),
    admin: dsqlAuthToken({ ...CLUSTER, admin: true }, { maxStale: 0 }),
  },
})

middy()
  .use(database)
  .handler(async (_event, context) => {
    expectTypeOf(context.db).toEqualTypeOf<string>()
    expectTypeOf(context.reporting).toEqualTypeOf<string>()
    expectTypeOf(context.central).toEqualTypeOf<string>()
    expectTypeOf(context.cluster).toEqualTypeOf<string>()
    expectTypeOf(context.admin).toEqualTypeOf<string>()
  })

expectTypeOf(rdsAuthToken(DB)).toEqualTypeOf<Reference<string>>()
expectTypeOf(dsqlAuthToken(CLUSTER)).toEqualTypeOf<Reference<string>>()
expectTypeOf(database.refresh('db')).resolves.toEqualTypeOf<{ db: string }>()
expectTypeOf<keyof AuthTokenOptions>().toEqualTypeOf<'cacheExpiry' | 'maxStale' | 'assumeRole'>()

// @ts-expect-error the port and user name are required
rdsAuthToken({ hostname: DB.hostname })
// @ts-expect-error the port is a number
rdsAuthToken({ ...DB, port: '5432' })
// @ts-expect-error a token always exists: no optional
rdsAuthToken(DB, { optional: true })
// @ts-expect-error DSQL has no port or user: its role comes from the IAM policy
dsqlAuthToken({ ...CLUSTER, username: 'admin' })
