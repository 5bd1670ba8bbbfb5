import { writeFile } from 'node:fs/promises'
import { PublishInputError } from '../../core/problem.js'
import { checkRegistryFile } from '../../registry-file/check-file.js'
import { RegistryFileError } from '../../registry-file/problem.js'
import { type FileFormat, serializeRegistry } from '../../registry-file/serialize.js'
import { isYamlFile } from '../../registry-file/yaml.js'
import { checkServiceConvention, type ServiceConvention } from '../../services/service.js'
import { PublishError } from '../../write/store/publish-error.js'
import { type ExportResult, exportRegistry } from '../../write/sync/export.js'
import { AWS_ACCESS_OPTIONS, accessOf, OUTPUT_OPTIONS, stageOf, stringOf, UsageError, type Values } from '../arguments.js'
import type { Command } from '../command.js'
import { EXIT } from '../exit-codes.js'
import { emit } from '../output.js'

const listOf = (values: Values, name: string) => (values[name] ?? []) as string[]

function conventionOf(values: Values): ServiceConvention | undefined {
  const table = stringOf(values, 'convention-table')
  const endpoint = stringOf(values, 'convention-endpoint')
  const apiKey = stringOf(values, 'convention-api-key')
  if (table !== undefined && endpoint !== undefined)
    throw new UsageError('--convention-table (endpoints in DynamoDB) and --convention-endpoint (endpoints in SSM) exclude each other')
  const convention = { ...(table === undefined ? {} : { table }), ...(endpoint === undefined ? {} : { endpoint }), ...(apiKey === undefined ? {} : { apiKey }) }
  if (Object.keys(convention).length === 0) return undefined
  try {
    return checkServiceConvention('export', convention)
  } catch (error) {
    throw new PublishInputError((error as Error).message)
  }
}

function formatOf(values: Values, file: string | undefined): FileFormat {
  const format = stringOf(values, 'format')
  if (format !== undefined && format !== 'json' && format !== 'yaml') throw new UsageError('--format takes json or yaml')
  if (file !== undefined && format !== undefined) throw new UsageError('--file decides the format by its extension (.json, .yaml, .yml): leave out --format')
  if (file !== undefined) return isYamlFile(file) ? 'yaml' : 'json'
  return format ?? 'json'
}

/** The exported file must read back as a valid registry file: an entry it would refuse is a bug to report, not a file to write. */
function checkReadsBack(result: ExportResult): void {
  try {
    checkRegistryFile(result.file)
  } catch (error) {
    if (error instanceof RegistryFileError) throw new PublishError('ExportInvalid', 'export', `the exported file would not read back: ${error.message}`)
    throw error
  }
}

function summary(result: ExportResult, stage: string): Record<string, number> {
  const content = result.file.stages[stage] ?? {}
  const count = (section: keyof typeof content) => Object.keys(content[section] ?? {}).length
  const items = Object.values(content.dynamo ?? {}).reduce((total, list) => total + list.length, 0)
  return { services: count('services'), parameters: count('parameters'), secrets: count('secrets'), items }
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a registry file from what AWS holds for a stage',
  options: {
    stage: { type: 'string' },
    file: { type: 'string' },
    format: { type: 'string' },
    path: { type: 'string', multiple: true },
    'secret-prefix': { type: 'string', multiple: true },
    table: { type: 'string', multiple: true },
    'convention-endpoint': { type: 'string' },
    'convention-api-key': { type: 'string' },
    'convention-table': { type: 'string' },
    ...AWS_ACCESS_OPTIONS,
    ...OUTPUT_OPTIONS,
  },
  help: `Usage: middy-registry export --stage T [--file out.yaml] [options]

Reads what AWS holds for one stage and writes it as a registry file: the services the
convention finds (as list does), with their tags; the parameters under each --path; the
secrets under each --secret-prefix; the items of each --table. No secret value is read:
secrets, API keys and SecureStrings are written { declared: true }. What the file format
cannot hold (a binary item, an endpoint that is not a URL) is left out with a warning.

  --stage T                  the stage (default: MIDDY_REGISTRY_STAGE)
  --file FILE                write the file here (.json, or .yaml/.yml with the yaml package)
  --format json|yaml         without --file, the format printed on stdout (default json)
  --path /P                  export the parameters under this path (repeatable)
  --secret-prefix P          export the secrets whose names start with P (repeatable)
  --table T                  export every item of this DynamoDB table (repeatable)
  --convention-endpoint T    the endpoint parameter's template (default /{service}/{stage}/endpoint)
  --convention-api-key T     the API key secret's template (default {service}/{stage}/api-key)
  --convention-table T       services are items of this DynamoDB table (default attribute names)
  --region, --role-arn, --external-id, --aws-endpoint-url, --json: as for plan`,

  async run(values, context) {
    const stage = stageOf(values, context.io.env)
    const file = stringOf(values, 'file')
    const format = formatOf(values, file)
    const convention = conventionOf(values)
    const options = {
      stage,
      paths: listOf(values, 'path'),
      secretPrefixes: listOf(values, 'secret-prefix'),
      tables: listOf(values, 'table'),
      access: accessOf(values),
    }
    const result = await exportRegistry({ ...options, ...(convention ? { convention } : {}) })
    checkReadsBack(result)
    for (const warning of result.warnings) context.io.stderr.write(`middy-registry: warning: ${warning}\n`)
    const text = await serializeRegistry(result.file, format)
    if (file === undefined) {
      // stdout holds the file alone: where it was read from is said on stderr.
      context.io.stderr.write(`middy-registry: exported stage ${stage} from ${result.source}\n`)
      context.io.stdout.write(text)
      return EXIT.OK
    }
    await writeFile(file, text)
    const counts = summary(result, stage)
    const line = `Exported stage ${stage} from ${result.source} to ${file}: ${Object.entries(counts)
      .map(([name, count]) => `${count} ${name}`)
      .join(', ')}.`
    emit(context, { file, stage, source: result.source, ...counts, warnings: result.warnings }, [line])
    return EXIT.OK
  },
}
