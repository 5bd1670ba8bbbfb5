/**
 * The command line, parsed with node:util's parseArgs: the options every command shares
 * (how to reach the registry, output format), and readers that turn parsed values into
 * the library's options. Any mistake is a UsageError, whose message never quotes a
 * positional value: a key pasted in the wrong place must not end up in a CI log.
 */
import { parseArgs } from 'node:util'
import { setOwn } from '../core/keys.js'
import { type Convention, STAGE_ENV } from '../services/service.js'
import type { RegistryAccess } from '../write/store/store.js'

/** The command line is wrong (exit 64). */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>

/** How a command reaches AWS: Region, role, and an endpoint (for moto or a VPC endpoint). */
export const AWS_ACCESS_OPTIONS = {
  region: { type: 'string' },
  'role-arn': { type: 'string' },
  'external-id': { type: 'string' },
  'aws-endpoint-url': { type: 'string' },
} as const satisfies OptionSpec

/** How a command prints, and its help. */
export const OUTPUT_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec

/** How every service command reaches the registry, and how it prints. */
export const COMMON_OPTIONS = {
  local: { type: 'string' },
  ...AWS_ACCESS_OPTIONS,
  'convention-endpoint': { type: 'string' },
  'convention-api-key': { type: 'string' },
  ...OUTPUT_OPTIONS,
} as const satisfies OptionSpec

// Options a user may reach for to pass the key itself; they are refused with the safe ways.
const SECRET_OPTION = /^--(api-?key|key|secret|token|password)(=|$)/i

function usageMessageOf(error: unknown): string {
  const { code, message = '' } = error as { code?: string; message?: string }
  const option = /'(-{1,2}[\w-]+)/.exec(message)?.[1] ?? 'an option'
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'unexpected argument: every value goes after its option (e.g. --stage prod)'
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('does not take')) return `option ${option} takes no value`
    return `option ${option} needs a value (for a value that starts with "-", write ${option}=VALUE)`
  }
  return 'the command line could not be read'
}

/** The command's options from its arguments. */
export function parseOptions(argv: readonly string[], options: OptionSpec): Values {
  const secretOption = argv.find((argument) => SECRET_OPTION.test(argument))
  if (secretOption !== undefined) {
    throw new UsageError(
      'the API key is never taken as an argument (shell history and process lists would keep it): use --api-key-from-env VAR or --api-key-stdin',
    )
  }
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Values
  } catch (error) {
    throw new UsageError(usageMessageOf(error))
  }
}

export const stringOf = (values: Values, name: string): string | undefined => {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

export function required(values: Values, name: string): string {
  const value = stringOf(values, name)
  if (value === undefined || value === '') throw new UsageError(`missing --${name}`)
  return value
}

/** --stage, or the stage the environment names (as registry() does). */
export function stageOf(values: Values, env: Readonly<Record<string, string | undefined>>): string {
  const stage = stringOf(values, 'stage') ?? env[STAGE_ENV]
  if (!stage) throw new UsageError(`missing --stage (or set ${STAGE_ENV})`)
  return stage
}

/** `--tag key=value`, repeatable. */
export function tagsOf(values: Values): Record<string, string> {
  const tags: Record<string, string> = {}
  for (const tag of (values.tag ?? []) as string[]) {
    const equals = tag.indexOf('=')
    if (equals < 1) throw new UsageError('--tag takes KEY=VALUE (e.g. --tag team=payments)')
    const key = tag.slice(0, equals)
    if (Object.hasOwn(tags, key)) throw new UsageError(`--tag ${key} is given twice`)
    setOwn(tags, key, tag.slice(equals + 1))
  }
  return tags
}

/** Where the command reads or writes: the local file, or AWS (Region, endpoint, role). */
export function accessOf(values: Values): RegistryAccess {
  const local = stringOf(values, 'local')
  const roleArn = stringOf(values, 'role-arn')
  const externalId = stringOf(values, 'external-id')
  const region = stringOf(values, 'region')
  const endpoint = stringOf(values, 'aws-endpoint-url')
  if (local !== undefined && (roleArn ?? region ?? endpoint) !== undefined) {
    throw new UsageError('--local uses a file: --role-arn, --region and --aws-endpoint-url apply to AWS only')
  }
  if (externalId !== undefined && roleArn === undefined) throw new UsageError('--external-id goes with --role-arn')
  const convention: Convention = {
    ...(values['convention-endpoint'] === undefined ? {} : { endpoint: stringOf(values, 'convention-endpoint') }),
    ...(values['convention-api-key'] === undefined ? {} : { apiKey: stringOf(values, 'convention-api-key') }),
  }
  const awsClientOptions = { ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) }
  return {
    ...(local === undefined ? {} : { local }),
    ...(Object.keys(convention).length > 0 ? { convention } : {}),
    ...(roleArn === undefined ? {} : { assumeRole: { roleArn, ...(externalId === undefined ? {} : { externalId }) } }),
    ...(Object.keys(awsClientOptions).length > 0 ? { awsClientOptions } : {}),
  }
}
