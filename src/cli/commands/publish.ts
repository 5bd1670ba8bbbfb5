import { type PublishResult, type PublishServiceOptions, publishDescribed } from '../../write/publish/publish.js'
import { apiKeyOf } from '../api-key.js'
import { accessOf, COMMON_OPTIONS, required, stageOf, stringOf, tagsOf, type Values } from '../arguments.js'
import { COMMON_HELP, type Command } from '../command.js'
import { EXIT } from '../exit-codes.js'
import { aligned, type CommandContext, emit } from '../output.js'

export const PUBLISH_OPTIONS = {
  ...COMMON_OPTIONS,
  service: { type: 'string' },
  stage: { type: 'string' },
  endpoint: { type: 'string' },
  'api-key-from-env': { type: 'string' },
  'api-key-stdin': { type: 'boolean' },
  tag: { type: 'string', multiple: true },
  'allow-insecure': { type: 'boolean' },
  snapshot: { type: 'string' },
} as const

/** publishService()'s options from the command line, all but the API key (read last, once the rest is known good). */
export function publishOptionsOf(values: Values, context: CommandContext): PublishServiceOptions {
  return {
    service: required(values, 'service'),
    stage: stageOf(values, context.io.env),
    endpoint: required(values, 'endpoint'),
    tags: tagsOf(values),
    allowInsecure: values['allow-insecure'] === true,
    ...accessOf(values),
    ...(values.snapshot === undefined ? {} : { snapshot: stringOf(values, 'snapshot') }),
  }
}

/** The text lines of a publish's result: where it wrote (the file, or AWS's Region and account), and the versions. */
export function publishedLines(result: PublishResult & { readonly source: string }, file?: string): string[] {
  const where = ` in ${result.target === 'local' ? file : result.source}`
  const rows: [string, string][] = [['endpoint', `${result.endpoint.name}  version ${result.endpoint.version}`]]
  if (result.apiKey) rows.push(['api key', `${result.apiKey.secretId}  version ${result.apiKey.versionId}${result.apiKey.created ? '  (created)' : ''}`])
  if (result.snapshot) rows.push(['snapshot', result.snapshot])
  return [`Published ${result.service} (${result.stage})${where}:`, ...aligned(rows)]
}

export const publishCommand: Command = {
  name: 'publish',
  summary: 'write a service’s endpoint (and API key) to the registry',
  options: PUBLISH_OPTIONS,
  help: `Usage: middy-registry publish --service S --stage T --endpoint URL [options]

Writes the endpoint to SSM (a new version of a String parameter, then tagged) and, with
an API key, creates or updates its secret in Secrets Manager. Prints the new versions.

  --service S                the service's name, as callers declare it: service('S')
  --stage T                  its stage (default: MIDDY_REGISTRY_STAGE)
  --endpoint URL             where callers reach it; must be https unless --allow-insecure
  --api-key-from-env VAR     read the API key from the environment variable VAR
  --api-key-stdin            read the API key from stdin (one trailing newline is dropped)
  --tag KEY=VALUE            tag the parameter and the secret (repeatable)
  --allow-insecure           accept an endpoint that is not https
  --snapshot s3://B/K        then rewrite the stage's snapshot in S3 (never a secret; docs/snapshot.md)

The API key is never taken as an argument: shell history and process lists would keep it.

${COMMON_HELP}`,

  async run(values, context) {
    const options = publishOptionsOf(values, context)
    const apiKey = await apiKeyOf(values, context.io)
    if (apiKey !== undefined) context.secrets.push(apiKey)
    const result = await publishDescribed('publish', { ...options, ...(apiKey === undefined ? {} : { apiKey }) })
    emit(context, result, publishedLines(result, options.local))
    return EXIT.OK
  },
}
