/**
 * Checks a parsed registry file from the top: its version, its convention and each stage.
 * Unknown members are refused rather than ignored, so that a typo (`paramters:`) is an
 * error, not an entry silently left out of the registry. The one exception is `$schema`,
 * where a file names its JSON Schema for editors: a string, otherwise ignored.
 */
import { describeValue } from '../core/describe.js'
import { problemOf } from '../core/problem.js'
import { DYNAMO_CONVENTION_DEFAULTS, isDynamoConvention } from '../services/dynamo-convention.js'
import { isServiceName } from '../services/names.js'
import { checkServiceConvention, type ServiceConvention } from '../services/service.js'
import type { ServiceRules } from './check-stage.js'
import { checkStage } from './check-stage.js'
import { objectAt } from './check-values.js'
import { REGISTRY_FILE_VERSION, type RegistryFile, type StageSpec } from './format.js'
import { problemAt, RegistryFileError } from './problem.js'

function checkConventionAt(value: unknown): ServiceConvention {
  // An array is an object to checkServiceConvention (`convention: []` would pass as {}).
  objectAt(value, ['convention'], undefined, 'an object: { endpoint, apiKey } templates or a DynamoDB convention { table, … }')
  try {
    return checkServiceConvention('convention', value)
  } catch (error) {
    // Its problems name the option (`convention.endpoint …`), which is where it is in the file too.
    throw new RegistryFileError(problemOf(error))
  }
}

function rulesOf(convention: ServiceConvention | undefined): ServiceRules {
  if (!convention || !isDynamoConvention(convention)) return {}
  const { partitionKey, sortKey, endpointAttribute } = { ...DYNAMO_CONVENTION_DEFAULTS, ...convention }
  return { reservedAttributes: [partitionKey, sortKey, endpointAttribute] }
}

/** The registry file, checked; throws a RegistryFileError naming the first place that is wrong. */
export function checkRegistryFile(parsed: unknown): RegistryFile {
  const fields = objectAt(parsed, [], ['version', 'convention', 'stages', '$schema'], 'an object with version and stages')
  if (fields.$schema !== undefined && typeof fields.$schema !== 'string')
    problemAt(['$schema'], `must be the path or URL of the file's JSON Schema, got ${describeValue(fields.$schema)}`)
  if (fields.version !== REGISTRY_FILE_VERSION) {
    problemAt(['version'], `must be ${REGISTRY_FILE_VERSION} (the only version of the format so far), got ${describeValue(fields.version)}`)
  }
  const convention = fields.convention === undefined ? undefined : checkConventionAt(fields.convention)
  const rules = rulesOf(convention)
  // Collected by fromEntries, which defines each stage: assigned, a stage `__proto__` would be lost.
  const stages: Record<string, StageSpec> = Object.fromEntries(
    Object.entries(objectAt(fields.stages, ['stages'])).map(([stage, value]) => {
      if (!isServiceName(stage)) problemAt(['stages', stage], 'is not a valid stage name: 1-128 letters, digits or _ . -')
      return [stage, checkStage(value, ['stages', stage], rules)]
    }),
  )
  return { version: REGISTRY_FILE_VERSION, ...(convention ? { convention } : {}), stages }
}
