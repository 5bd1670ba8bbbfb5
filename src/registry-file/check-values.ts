/**
 * Checks of the file's leaf values: endpoints, tags, secret sources, parameter values and
 * DynamoDB attribute values. Each takes its place in the file and names it when it throws.
 */

import { tagsProblem } from '../aws/tags.js'
import { describeValue, pathText, quote } from '../core/describe.js'
import { isObject } from '../core/values.js'
import type { SecretSource, Tags } from './format.js'
import type { FilePath } from './path-text.js'
import { problemAt, RegistryFileError } from './problem.js'

/** Members of an object, every name among `allowed`. */
export function objectAt(value: unknown, path: FilePath, allowed?: readonly string[], expected = 'an object'): Record<string, unknown> {
  if (!isObject(value)) return problemAt(path, `must be ${expected}, got ${describeValue(value)}`)
  for (const name of Object.keys(value)) {
    if (allowed && !allowed.includes(name)) problemAt([...path, name], `is not allowed here (allowed: ${allowed.join(', ')})`)
  }
  return value
}

// SSM's limit for a Standard parameter's value.
const MAX_ENDPOINT_LENGTH = 4096

/** An endpoint callers can trust: an https URL (any URL with allowInsecure), without credentials. */
export function checkEndpointAt(value: unknown, path: FilePath, allowInsecure: boolean): string {
  if (typeof value !== 'string' || value === '') return problemAt(path, `must be a URL string, got ${describeValue(value)}`)
  if (value.length > MAX_ENDPOINT_LENGTH) problemAt(path, `is longer than ${MAX_ENDPOINT_LENGTH} characters (SSM's limit)`)
  if (value.trim() !== value) problemAt(path, 'has leading or trailing whitespace')
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return problemAt(path, 'is not a valid URL; expected e.g. https://orders.example.com')
  }
  // Anyone allowed to read the parameter could read a password in it.
  if (url.username !== '' || url.password !== '') problemAt(path, 'must not hold credentials (user:password@); give the service an apiKey instead')
  if (url.protocol !== 'https:' && !allowInsecure)
    problemAt(path, `must be an https URL, not ${url.protocol} (set allowInsecure: true beside it to accept it, e.g. for a local server)`)
  return value
}

/** Tags SSM and Secrets Manager both accept. */
export function checkTagsAt(value: unknown, path: FilePath): Tags {
  if (value === undefined) return {}
  const found = tagsProblem(value)
  if (found && found.path.length === 0) problemAt(path, found.problem)
  if (found)
    throw new RegistryFileError(`${pathText(path)}: tag ${quote(String(found.path[0]))}: ${found.problem}`, {
      path: [...path, ...found.path],
      problem: found.problem,
    })
  return { ...(value as Tags) }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

function variableAt(value: unknown, path: FilePath): string {
  // Not quoted back: a secret pasted here instead of a variable's name must not reach the log.
  if (typeof value !== 'string' || !ENV_NAME.test(value))
    return problemAt(path, `must name an environment variable (letters, digits and _), got ${describeValue(value)}`)
  return value
}

const SOURCE_SHAPES = '{ fromEnv: VARIABLE }, { prompt: true } or { declared: true }'

/** A secret source, with `extra` members (such as `tags`) allowed beside it. */
export function checkSecretSourceAt(value: unknown, path: FilePath, extra: readonly string[] = []): SecretSource {
  if (!isObject(value)) return problemAt(path, `must be ${SOURCE_SHAPES}, got ${describeValue(value)}: a secret's value never goes in the file`)
  // SSM has no binary parameters, and an API key is sent as text.
  if (Object.hasOwn(value, 'binary') && !extra.includes('binary'))
    problemAt([...path, 'binary'], 'is for the entries of secrets only: SSM parameters and API keys hold text')
  const kinds = ['fromEnv', 'prompt', 'declared'].filter((kind) => Object.hasOwn(value, kind))
  if (kinds.length !== 1) problemAt(path, `must have exactly one of fromEnv, prompt and declared (${SOURCE_SHAPES})`)
  const kind = kinds[0]!
  objectAt(value, path, [kind, ...(kind === 'fromEnv' ? [] : ['localEnv']), ...extra])
  if (kind === 'fromEnv') return { fromEnv: variableAt(value.fromEnv, [...path, 'fromEnv']) }
  if (value[kind] !== true) problemAt([...path, kind], `must be true, got ${describeValue(value[kind])}`)
  const localEnv = value.localEnv === undefined ? {} : { localEnv: variableAt(value.localEnv, [...path, 'localEnv']) }
  return kind === 'prompt' ? { prompt: true, ...localEnv } : { declared: true, ...localEnv }
}

// SSM's limit for a Standard parameter's value.
const MAX_PARAMETER_LENGTH = 4096

/** A String's text: a string, or a number or boolean written as one. */
export function checkTextAt(value: unknown, path: FilePath): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'boolean' ? String(value) : value
  if (typeof text !== 'string' || text === '') return problemAt(path, `must be a non-empty string, got ${describeValue(value)}`)
  if (text.length > MAX_PARAMETER_LENGTH) problemAt(path, `is longer than ${MAX_PARAMETER_LENGTH} characters (SSM's limit for a Standard parameter)`)
  return text
}

/** A StringList's items, joined with commas as SSM stores them. */
export function checkListAt(value: readonly unknown[], path: FilePath): string {
  if (value.length === 0) problemAt(path, 'is an empty list; SSM has no empty StringList')
  const items = value.map((item, index) => checkTextAt(item, [...path, index]))
  items.forEach((item, index) => {
    if (item.includes(',')) problemAt([...path, index], 'holds a comma, which separates the items of a StringList')
  })
  return checkTextAt(items.join(','), path)
}

/** Plain JSON: what a DynamoDB item or a `json` parameter can hold. */
export function checkJsonAt(value: unknown, path: FilePath): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : problemAt(path, 'must be a finite number')
  if (Array.isArray(value)) return value.map((item, index) => checkJsonAt(item, [...path, index]))
  if (isObject(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, checkJsonAt(member, [...path, name])]))
  }
  return problemAt(path, `must be plain JSON (string, number, boolean, null, list or map), got ${describeValue(value)}`)
}
