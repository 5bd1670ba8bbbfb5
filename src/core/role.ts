import { describeValue, quote } from './describe.js'
import { InputError } from './problem.js'
import { isObject } from './values.js'

/** A role to assume (STS AssumeRole) before reading from the registry, e.g. in a central account. */
export interface AssumeRoleOptions {
  /** `arn:aws:iam::ACCOUNT:role/NAME`. */
  roleArn: string
  /**
   * The external id the role's trust policy requires, if any.
   * @defaultValue none
   */
  externalId?: string
  /** Session name in CloudTrail (default: the function's name, or `middy-registry`). */
  sessionName?: string
  /** Session length, 900 to 3600 seconds (default 3600: AssumeRole from a Lambda role is role chaining, capped at one hour). */
  durationSeconds?: number
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const FIELDS = ['roleArn', 'externalId', 'sessionName', 'durationSeconds']

/** Validates an `assumeRole` option at declaration time; every mistake names the field. */
export function checkAssumeRole(caller: string, value: unknown): AssumeRoleOptions {
  const fail = (problem: string, field = ''): never => {
    throw new InputError(caller, `option "assumeRole${field}" ${problem}`)
  }
  if (!isObject(value)) return fail('must be an object like { roleArn }')
  const role = value as Record<string, unknown>
  for (const name of Object.keys(role)) if (!FIELDS.includes(name)) fail(`has an unknown field ${quote(name)} (allowed: ${FIELDS.join(', ')})`)
  if (typeof role.roleArn !== 'string' || !ROLE_ARN.test(role.roleArn))
    fail(`must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), got ${describeValue(role.roleArn)}`, '.roleArn')
  if (role.externalId !== undefined && (typeof role.externalId !== 'string' || !EXTERNAL_ID.test(role.externalId)))
    fail('must be 2-1224 characters of letters, digits and +=,.@:/-', '.externalId')
  if (role.sessionName !== undefined && (typeof role.sessionName !== 'string' || !SESSION_NAME.test(role.sessionName)))
    fail('must be 2-64 characters of letters, digits and +=,.@-', '.sessionName')
  const duration = role.durationSeconds
  if (duration !== undefined && (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 900 || duration > 3600)) {
    fail(`must be a whole number from 900 to 3600 (role chaining caps sessions at one hour), got ${describeValue(duration)}`, '.durationSeconds')
  }
  return Object.freeze({ ...(role as unknown as AssumeRoleOptions) })
}

/** A stable key for a role: everything that changes the session it yields. */
export function roleKeyOf(role: AssumeRoleOptions): string {
  return [role.roleArn, role.externalId ?? '', role.sessionName ?? '', role.durationSeconds ?? ''].join('|')
}
