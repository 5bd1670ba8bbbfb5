/**
 * What a handler may read, derived from its own `registry()` declaration, in the form the
 * example tests compare with the IAM policy of the SAM template and of the CDK stack:
 * `ssm:GetParameters /orders/dev/endpoint`. Both must grant exactly this: every declared
 * entry, and nothing else.
 */
import { readFileSync } from 'node:fs'

// ssm('…'), ssm.json<T>(`…`), ssm.path('…'), secret('…'), secret.binary(…): the first argument.
const DECLARATION = /\b(ssm|secret)(?:\.(list|json|path|binary))?(?:<[^>]*>)?\(\s*[`'"]([^`'"]+)[`'"]/g
// s3('bucket', 'key'), s3.json<T>(…, …, { versionId }): bucket, key, and the options written inline.
const S3_DECLARATION = /\bs3(?:\.(?:json|binary))?(?:<[^>]*>)?\(\s*[`'"]([^`'"]+)[`'"]\s*,\s*[`'"]([^`'"]+)[`'"]\s*(?:,\s*(\{[^}]*\}))?/g

// A declaration whose id is no string literal: a function of the request (a per-invocation
// id, `secret(({ event }) => …)`), or a variable. `s3('bucket', (request) => …)`: its key.
const UNDERIVABLE = [
  /\b(ssm|secret|s3)(?:\.(?:list|json|path|binary))?(?:<[^>]*>)?\((?!\s*[`'")])/g,
  /\b(s3)(?:\.(?:json|binary))?(?:<[^>]*>)?\(\s*[`'"][^`'"]+[`'"]\s*,(?!\s*[`'"])/g,
]

/**
 * Refuses a handler with a declaration whose id cannot be read from its text: its grant
 * would be missing from the result, and a policy checked against it would look complete.
 */
function refuseUnderivable(handlerFile: string, source: string): void {
  for (const pattern of UNDERIVABLE) {
    for (const match of source.matchAll(pattern)) {
      const line = source.slice(0, match.index).split('\n').length
      throw new Error(
        `${handlerFile}:${line}: ${match[1]}() computes its id per invocation (or takes it from a variable), so its grant cannot be derived from the declaration: grant the pattern its ids take (e.g. secretsmanager:GetSecretValue on tenants/*) and check that policy yourself`,
      )
    }
  }
}

/** One grant per reference to SSM; two per secret: its value, and DescribeSecret, which revalidates an expired one. */
function registryGrants(source: string, stage: string): string[] {
  return [...source.matchAll(DECLARATION)].flatMap(([, service, variant, name]) => {
    const resolved = name!.replaceAll('${stage}', stage)
    if (service === 'secret') return [`secretsmanager:GetSecretValue ${resolved}`, `secretsmanager:DescribeSecret ${resolved}`]
    // GetParametersByPath is authorised against the path, which AWS takes without its trailing slash.
    if (variant === 'path') return [`ssm:GetParametersByPath ${resolved.replace(/\/+$/, '')}`]
    return [`ssm:GetParameters ${resolved}`]
  })
}

/** One grant per S3 object: a pinned version is read with s3:GetObjectVersion, the current one with s3:GetObject. */
function objectGrants(source: string, stage: string): string[] {
  return [...source.matchAll(S3_DECLARATION)].map(([, bucket, key, options = '']) => {
    const action = /\bversionId\b/.test(options) ? 's3:GetObjectVersion' : 's3:GetObject'
    return `${action} ${`${bucket}/${key}`.replaceAll('${stage}', stage)}`
  })
}

// appConfig({ application: 'a', environment: 'e', profile: 'p' }) and its variants: the three names, in any order.
const APPCONFIG_DECLARATION = /\bappConfig(?:\.(?:json|flags))?(?:<[^>]*>)?\(\s*\{((?:[^{}]|\$\{[^}]*\})*)\}/g
// rdsAuthToken({ hostname, port, username }) and dsqlAuthToken({ hostname, admin }).
const TOKEN_DECLARATION = /\b(rdsAuthToken|dsqlAuthToken)\(\s*\{((?:[^{}]|\$\{[^}]*\})*)\}/g

const fieldOf = (fields: string, name: string) => new RegExp(`\\b${name}:\\s*[\`'"]([^\`'"]+)[\`'"]`).exec(fields)?.[1]

/** AppConfig's two Data API calls, on the configuration profile's ARN (as `application/…/environment/…/configuration/…`). */
function configurationGrants(source: string, stage: string): string[] {
  return [...source.matchAll(APPCONFIG_DECLARATION)].flatMap(([, fields = '']) => {
    const [application, environment, profile] = ['application', 'environment', 'profile'].map((name) => fieldOf(fields, name)?.replaceAll('${stage}', stage))
    const resource = `application/${application}/environment/${environment}/configuration/${profile}`
    return [`appconfig:GetLatestConfiguration ${resource}`, `appconfig:StartConfigurationSession ${resource}`]
  })
}

/** A database token is signed, not read: rds-db:connect for the user (on any instance: the resource id is not in the code), dsql:DbConnect(Admin). */
function tokenGrants(source: string): string[] {
  return [...source.matchAll(TOKEN_DECLARATION)].map(([, kind, fields = '']) => {
    if (kind === 'rdsAuthToken') return `rds-db:connect dbuser:*/${fieldOf(fields, 'username')}`
    return `${/\badmin:\s*true\b/.test(fields) ? 'dsql:DbConnectAdmin' : 'dsql:DbConnect'} ${fieldOf(fields, 'hostname')}`
  })
}

export function declaredGrants(handlerFile: string, stage: string): string[] {
  const source = readFileSync(handlerFile, 'utf8')
  refuseUnderivable(handlerFile, source)
  const grants = [...registryGrants(source, stage), ...objectGrants(source, stage), ...configurationGrants(source, stage), ...tokenGrants(source)]
  if (grants.length === 0) throw new Error(`${handlerFile} declares no registry references`)
  return grants.sort()
}

// snapshotKeeper({ … key: `${stage}/snapshot.json` … paths: [`/orders/${stage}`, …] }): the key and the paths, as written.
const KEEPER_KEY = /\bkey:\s*[`'"]([^`'"]+)[`'"]/
const KEEPER_PATHS = /\bpaths:\s*\[([^\]]*)\]/

/**
 * What a snapshot keeper may do, from its handler's text: list each path (a first run reads
 * the whole stage), read one parameter and its labels under it, read and write the
 * document, and list the bucket for that key alone (without it, S3 answers a missing
 * document with AccessDenied instead of NoSuchKey). `bucket` stands for the bucket's name.
 */
export function keeperGrants(handlerFile: string, stage: string, bucket: string): string[] {
  const source = readFileSync(handlerFile, 'utf8')
  const key = KEEPER_KEY.exec(source)?.[1]?.replaceAll('${stage}', stage)
  const paths = [...(KEEPER_PATHS.exec(source)?.[1] ?? '').matchAll(/[`'"]([^`'"]+)[`'"]/g)].map(([, path]) => path!.replaceAll('${stage}', stage))
  if (!key || paths.length === 0) throw new Error(`${handlerFile} names no snapshot key or paths`)
  const ssm = paths.flatMap((path) => [`ssm:GetParametersByPath ${path}`, `ssm:GetParameter ${path}/*`, `ssm:GetParameterHistory ${path}/*`])
  return [...ssm, `s3:GetObject ${bucket}/${key}`, `s3:PutObject ${bucket}/${key}`, `s3:ListBucket ${bucket}`].sort()
}
