/**
 * What a handler may read, derived from its own `registry()` declaration, in the form the
 * example tests compare with the IAM policy of the SAM template and of the CDK stack:
 * `ssm:GetParameters /orders/dev/endpoint`. Both must grant exactly this: every declared
 * entry, and nothing else.
 */
import { readFileSync } from 'node:fs'

// ssm('…'), ssm.json<T>(`…`), ssm.path('…'), secret('…'), secret.binary(…): the first argument.
const DECLARATION = /\b(ssm|secret)(?:\.(list|json|path|binary))?(?:<[^>]*>)?\(\s*[`'"]([^`'"]+)[`'"]/g

export function declaredGrants(handlerFile: string, stage: string): string[] {
  const source = readFileSync(handlerFile, 'utf8')
  const grants = [...source.matchAll(DECLARATION)].map(([, service, variant, name]) => {
    const resolved = name!.replaceAll('${stage}', stage)
    if (service === 'secret') return `secretsmanager:GetSecretValue ${resolved}`
    // GetParametersByPath is authorised against the path, which AWS takes without its trailing slash.
    if (variant === 'path') return `ssm:GetParametersByPath ${resolved.replace(/\/+$/, '')}`
    return `ssm:GetParameters ${resolved}`
  })
  if (grants.length === 0) throw new Error(`${handlerFile} declares no registry references`)
  return grants.sort()
}
