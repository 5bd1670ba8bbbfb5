/** The local registry's SSM: its `parameters` section, answered with SSM's codes. */
import { parameterNameOf, parseArn } from '../../aws/arn.js'
import { failed, fetched, type Outcome } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'
import { storedText } from '../../core/values.js'
import type { RawParameter, RawPath } from './payload.js'

export function readParameter(parameters: Record<string, unknown>, reference: Reference): Outcome {
  const arn = parseArn(reference.id)
  // By ARN, fall back to the bare name so that one offline file serves every account.
  const bareName = arn ? parameterNameOf(arn) : undefined
  const candidates = [reference.id, bareName].filter((name): name is string => name !== undefined)
  const name = candidates.map((candidate) => candidate + reference.selector).find((candidate) => Object.hasOwn(parameters, candidate))
  if (name === undefined) return failed('ParameterNotFound', `no parameter ${reference.id}${reference.selector} in the local registry`)
  const value = parameters[name]
  return fetched<RawParameter>({ kind: 'parameter', value: storedText(value), type: Array.isArray(value) ? 'StringList' : 'String' })
}

export function readPath(parameters: Record<string, unknown>, reference: Reference): Outcome {
  const prefix = reference.id === '/' ? '/' : `${reference.id}/`
  const entries = Object.entries(parameters)
    .filter(([name]) => name.startsWith(prefix) && !name.slice(prefix.length).includes(':'))
    .map(([name, value]) => ({ name: name.slice(prefix.length), value: storedText(value), type: Array.isArray(value) ? 'StringList' : 'String' }))
    .filter(({ name }) => reference.options.recursive !== false || !name.includes('/'))
  return fetched<RawPath>({ kind: 'path', entries })
}
