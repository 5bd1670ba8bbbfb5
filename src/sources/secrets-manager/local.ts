/** The local registry's Secrets Manager: its `secrets` section, answered with Secrets Manager's codes. */
import { parseArn } from '../../aws/arn.js'
import { failed, fetched, type Outcome } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'
import { storedText } from '../../core/values.js'
import type { RawSecret } from './payload.js'

// A secret ARN's resource is `secret:NAME`, in full ARNs followed by `-` and 6 random characters.
function secretNamesOf(id: string): string[] {
  const arn = parseArn(id)
  if (!arn) return []
  const name = arn.resource.slice('secret:'.length)
  const withoutSuffix = /^(.+)-[a-zA-Z0-9]{6}$/.exec(name)?.[1]
  return withoutSuffix ? [name, withoutSuffix] : [name]
}

export function readSecret(secrets: Record<string, unknown>, reference: Reference): Outcome {
  const pin = reference.options.versionId ?? reference.options.versionStage
  const suffix = pin && pin !== 'AWSCURRENT' ? `:${pin}` : ''
  // By ARN, fall back to the secret's name, as parameters do.
  const id = [reference.id, ...secretNamesOf(reference.id)].map((candidate) => candidate + suffix).find((candidate) => Object.hasOwn(secrets, candidate))
  if (id === undefined) return failed('ResourceNotFoundException', `no secret ${reference.id}${suffix} in the local registry`)
  const value = storedText(secrets[id])
  // A binary secret is written in the file as base64 text.
  return fetched<RawSecret>(reference.decoding === 'binary' ? { kind: 'secret', binary: Buffer.from(value, 'base64') } : { kind: 'secret', string: value })
}
