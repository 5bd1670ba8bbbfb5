/**
 * The IAM reads the SAM, CDK and Serverless examples' tests expect, derived from a handler's
 * declaration by examples/declared-grants.ts: one grant per reference, in IAM's terms.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { declaredGrants } from '../../../examples/declared-grants.js'

const directory = mkdtempSync(join(tmpdir(), 'declared-grants-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

/** The grants of a handler module whose fetch map is `declarations`, for `stage`. */
function grantsOf(declarations: string, stage = 'prod'): string[] {
  const file = join(directory, `handler-${Math.random().toString(36).slice(2)}.ts`)
  writeFileSync(file, `const stage = process.env.STAGE\nexport const orders = registry({ fetch: { ${declarations} } })\n`)
  return declaredGrants(file, stage)
}

describe('declared grants', () => {
  it('maps parameters, paths and secrets to their SSM and Secrets Manager reads, the stage filled in', () => {
    expect(grantsOf("url: ssm(`/orders/${stage}/endpoint`), flags: ssm.path('/features/prod/'), key: secret.json<{ k: string }>('orders/prod/key')")).toEqual([
      // A secret's value, and DescribeSecret, which revalidates it once expired.
      'secretsmanager:DescribeSecret orders/prod/key',
      'secretsmanager:GetSecretValue orders/prod/key',
      'ssm:GetParameters /orders/prod/endpoint',
      'ssm:GetParametersByPath /features/prod',
    ])
  })

  it('maps each S3 object to s3:GetObject on bucket/key, whichever way it is decoded', () => {
    expect(
      grantsOf(
        "banner: s3('acme-config', `orders/${stage}/banner.txt`), limits: s3.json<{ rps: number }>('acme-config', 'orders/prod/limits.json'), ca: s3.binary(\"acme-config\", 'tls/ca.pem', { maxBytes: 65536 })",
      ),
    ).toEqual(['s3:GetObject acme-config/orders/prod/banner.txt', 's3:GetObject acme-config/orders/prod/limits.json', 's3:GetObject acme-config/tls/ca.pem'])
  })

  it('maps an S3 object pinned with versionId to s3:GetObjectVersion', () => {
    expect(grantsOf("previous: s3.json('acme-config', 'limits.json', { versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY', cacheExpiry: 60_000 })")).toEqual([
      's3:GetObjectVersion acme-config/limits.json',
    ])
  })

  it('reports a declaration whose id is computed per invocation, which no grant can be derived from', () => {
    expect(() => grantsOf("url: ssm('/orders/prod/endpoint'), key: secret(({ event }) => `tenants/${event.tenantId}/api-key`)")).toThrow(
      /:2: secret\(\) computes its id per invocation .*its grant cannot be derived/,
    )
  })

  it('reports an S3 key computed per invocation, in a literal bucket', () => {
    expect(() => grantsOf("banner: s3('acme-config', (request) => `tenants/${request.event.tenantId}/banner.txt`)")).toThrow(
      /s3\(\) computes its id per invocation/,
    )
  })

  it('reports an id taken from a variable, which it cannot read either', () => {
    expect(() => grantsOf('key: secret.json<{ k: string }>(keyName)')).toThrow(/secret\(\) computes its id per invocation \(or takes it from a variable\)/)
  })

  it('refuses a handler that declares nothing', () => {
    expect(() => grantsOf('')).toThrow('declares no registry references')
  })

  it('maps an AppConfig profile to its two Data API calls, on application/environment/configuration', () => {
    expect(grantsOf("flags: appConfig.flags({ application: 'orders', environment: `${stage}`, profile: 'features' })")).toEqual([
      'appconfig:GetLatestConfiguration application/orders/environment/prod/configuration/features',
      'appconfig:StartConfigurationSession application/orders/environment/prod/configuration/features',
    ])
  })

  it('maps database tokens to the permission to connect as their user', () => {
    expect(
      grantsOf(
        "db: rdsAuthToken({ hostname: 'orders.abc.eu-west-1.rds.amazonaws.com', port: 5432, username: 'app' }), dsql: dsqlAuthToken({ hostname: 'x.dsql.eu-west-1.on.aws', admin: true })",
      ),
    ).toEqual(['dsql:DbConnectAdmin x.dsql.eu-west-1.on.aws', 'rds-db:connect dbuser:*/app'])
  })
})
