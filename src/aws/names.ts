/**
 * The names AWS accepts: SSM parameter names (with a `:version` or `:label` selector, or as
 * ARNs) and Secrets Manager secret ids. Apart from the reference constructors, so that
 * validators (the publisher, registry files) can check a name without pulling in a source.
 * A name is a locator, not a value: messages quote it (capped by `quote`), so that they say
 * which name is wrong.
 */

import { describeValue, firstInvalidCharacter, quote } from '../core/describe.js'
import { InputError } from '../core/problem.js'
import { parameterNameOf, parseArn } from './arn.js'

// AWS allows letters, digits and `_ . - /` in names; a selector is `:version` or `:label`.
const NAME_PATTERN = /^[a-zA-Z0-9_.\-/]+$/
const SELECTOR_PATTERN = /^:([1-9]\d{0,9}|[a-zA-Z_.-][a-zA-Z0-9_.-]{0,99})$/
const MAX_NAME_LENGTH = 1011
const MAX_HIERARCHY_DEPTH = 15

/** Splits `name:selector` (or `arn…:parameter/name:selector`) into its two parts. */
function splitSelector(value: string): { name: string; selector: string } {
  const arn = parseArn(value)
  const resource = arn ? arn.resource : value
  const colon = resource.lastIndexOf(':')
  if (colon === -1) return { name: value, selector: '' }
  const selector = resource.slice(colon)
  return { name: value.slice(0, value.length - selector.length), selector }
}

export function checkName(caller: string, name: string, allowArn: boolean): void {
  const arn = parseArn(name)
  if (arn) {
    if (!allowArn) throw new InputError(caller, `a path cannot be an ARN, got ${quote(name)}`)
    if (arn.service !== 'ssm' || !arn.resource.startsWith('parameter/')) {
      throw new InputError(caller, `${quote(name)} is not an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)`)
    }
    if (!arn.region || !arn.account) {
      throw new InputError(caller, `the ARN ${quote(name)} must name its region and account`)
    }
    checkName(caller, parameterNameOf(arn), false)
    return
  }
  const problem =
    name.length === 0
      ? 'is empty'
      : name.length > MAX_NAME_LENGTH
        ? `is longer than ${MAX_NAME_LENGTH} characters`
        : !NAME_PATTERN.test(name)
          ? `has ${firstInvalidCharacter(name, /[a-zA-Z0-9_.\-/]/)}: names may only hold letters, digits and _ . - /`
          : name.includes('/') && !name.startsWith('/')
            ? 'must start with "/" when it has a hierarchy'
            : name.includes('//')
              ? 'has an empty level ("//")'
              : name.split('/').length - 1 > MAX_HIERARCHY_DEPTH
                ? `is deeper than ${MAX_HIERARCHY_DEPTH} levels`
                : undefined
  // An empty name needs no quote: `parameter name is empty`.
  if (problem) throw new InputError(caller, name.length === 0 ? `parameter name ${problem}` : `parameter name ${quote(name)} ${problem}`)
}

/** Checks a parameter name as `ssm()` takes it, and splits off its selector. */
export function checkParameterName(caller: string, value: unknown): { name: string; selector: string } {
  if (typeof value !== 'string') throw new InputError(caller, `the parameter name must be a string, got ${describeValue(value)}`)
  const { name, selector } = splitSelector(value)
  if (selector && !SELECTOR_PATTERN.test(selector)) {
    throw new InputError(caller, `the selector ${quote(selector.slice(1))} after the last ":" is neither a version number nor a label`)
  }
  checkName(caller, name, true)
  return { name, selector }
}

// Secret names: letters, digits and / _ + = . @ - (AWS), at most 512 characters.
const SECRET_NAME_PATTERN = /^[a-zA-Z0-9/_+=.@-]{1,512}$/
const SECRET_NAME_CHARACTER = /[a-zA-Z0-9/_+=.@-]/
// A full ARN ends with the name, `-` and the 6 random characters Secrets Manager adds.
const ARN_SUFFIX = /^(.+)-[a-zA-Z0-9]{6}$/
const SECRET_ARN_SHAPE = 'arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME'

/** What is wrong with a secret name, as a phrase; undefined when AWS allows it. */
function secretNameProblem(name: string): string | undefined {
  if (SECRET_NAME_PATTERN.test(name)) return undefined
  return name.length === 0 || name.length > 512 ? `has ${name.length} characters` : `has ${firstInvalidCharacter(name, SECRET_NAME_CHARACTER)}`
}

/** A Secrets Manager ARN: its partition, Region, 12-digit account and a secret name AWS allows. */
function checkSecretArn(caller: string, id: string): void {
  const [, partition = '', service, region = '', account = '', resourceType, ...name] = id.split(':')
  if (service !== 'secretsmanager' || resourceType !== 'secret') throw new InputError(caller, `${quote(id)} is not a Secrets Manager ARN (${SECRET_ARN_SHAPE})`)
  const problem = !/^aws[a-z-]*$/.test(partition)
    ? 'has an unknown partition (aws, aws-cn, aws-us-gov, …)'
    : !/^[a-z0-9-]+$/.test(region)
      ? 'must name its Region'
      : !/^\d{12}$/.test(account)
        ? 'must name its account, 12 digits'
        : undefined
  if (problem) throw new InputError(caller, `the ARN ${quote(id)} ${problem} (${SECRET_ARN_SHAPE})`)
  const secretName = name.join(':')
  const withoutSuffix = ARN_SUFFIX.exec(secretName)?.[1]
  if (withoutSuffix !== undefined && secretNameProblem(withoutSuffix) === undefined) return
  const nameProblem = secretNameProblem(secretName)
  if (nameProblem) {
    throw new InputError(
      caller,
      `the secret name in the ARN ${secretName === '' ? 'is empty' : `${quote(secretName)} ${nameProblem}`}; it must be 1-512 letters, digits or / _ + = . @ -, and may end with AWS's 6-character suffix`,
    )
  }
}

/** Checks a secret id as `secret()` takes it: a name AWS allows, or a Secrets Manager ARN. */
export function checkSecretId(caller: string, id: unknown): string {
  if (typeof id !== 'string') throw new InputError(caller, `the secret id must be a string, got ${describeValue(id)}`)
  // A name never holds ":", so anything that starts like an ARN is checked as one.
  if (id.startsWith('arn:')) {
    checkSecretArn(caller, id)
    return id
  }
  const problem = secretNameProblem(id)
  if (problem)
    throw new InputError(
      caller,
      `secret id ${id === '' ? 'is empty' : `${quote(id)} ${problem}`}; it must be 1-512 letters, digits or / _ + = . @ -, or an ARN`,
    )
  return id
}
