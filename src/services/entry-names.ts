/**
 * The names a convention gives a service's entries, as the write side must write them: the
 * publisher and the registry file share this check.
 */
import { parseArn } from '../aws/arn.js'
import { checkParameterName, checkSecretId } from '../aws/names.js'
import { describeValue, quote } from '../core/describe.js'
import { PublishInputError } from '../core/problem.js'
import { isServiceName } from './names.js'
import { type Convention, locationOf } from './service.js'

const fail = (caller: string, message: string): never => {
  throw new PublishInputError(`${caller}: ${message}`)
}

/** The names a convention gives a service's entries, checked as names to write (no ARN, no selector). */
/** The names of one service's entries: its endpoint parameter and its API key secret. */
export interface EntryNames {
  readonly endpoint: string
  readonly apiKey: string
}

export function entryNamesOf(caller: string, service: unknown, stage: unknown, convention: Convention | undefined): EntryNames {
  if (!isServiceName(service)) fail(caller, `option "service" must be 1-128 letters, digits or _ . -, got ${describeValue(service)}`)
  if (!isServiceName(stage)) fail(caller, `option "stage" must be 1-128 letters, digits or _ . -, got ${describeValue(stage)}`)
  const names = locationOf({ service: service as string, stage: stage as string }, convention)
  for (const [field, name] of Object.entries(names)) {
    // A publisher writes with its own credentials, in their account and Region.
    if (parseArn(name))
      fail(caller, `convention.${field} gives an ARN; a publisher writes names in the account of its credentials (use assumeRole for another account)`)
    try {
      if (field !== 'endpoint') checkSecretId('secret()', name)
      const selector = field === 'endpoint' ? checkParameterName('ssm()', name).selector : ''
      if (selector !== '') fail(caller, `convention.${field} gives ${quote(name)}, a name with a version selector`)
    } catch (error) {
      if (error instanceof PublishInputError) throw error
      fail(caller, `convention.${field} gives an invalid name: ${(error as Error).message}`)
    }
  }
  return names
}
