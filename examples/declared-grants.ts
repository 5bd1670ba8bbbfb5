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

/** One grant per reference to SSM or Secrets Manager. */
function registryGrants(source: string, stage: string): string[] {
  return [...source.matchAll(DECLARATION)].map(([, service, variant, name]) => {
    const resolved = name!.replaceAll('${stage}', stage)
    if (service === 'secret') return `secretsmanager:GetSecretValue ${resolved}`
    // GetParametersByPath is authorised against the path, which AWS takes without its trailing slash.
    if (variant === 'path') return `ssm:GetParametersByPath ${resolved.replace(/\/+$/, '')}`
    return `ssm:GetParameters ${resolved}`
  })
}

/** One grant per S3 object: a pinned version is read with s3:GetObjectVersion, the current one with s3:GetObject. */
function objectGrants(source: string, stage: string): string[] {
  return [...source.matchAll(S3_DECLARATION)].map(([, bucket, key, options = '']) => {
    const action = /\bversionId\b/.test(options) ? 's3:GetObjectVersion' : 's3:GetObject'
    return `${action} ${`${bucket}/${key}`.replaceAll('${stage}', stage)}`
  })
}

export function declaredGrants(handlerFile: string, stage: string): string[] {
  const source = readFileSync(handlerFile, 'utf8')
  const grants = [...registryGrants(source, stage), ...objectGrants(source, stage)]
  if (grants.length === 0) throw new Error(`${handlerFile} declares no registry references`)
  return grants.sort()
}
