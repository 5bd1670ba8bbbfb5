import type { OptionSpec, Values } from './arguments.js'
import type { ExitCode } from './exit-codes.js'
import type { CommandContext } from './output.js'

/** One `middy-registry` command: its options, its --help text and what it does. */
export interface Command {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** The --help text. */
  readonly help: string
  readonly options: OptionSpec
  run(values: Values, context: CommandContext): Promise<ExitCode>
}

/** The options every command shares, for the --help texts. */
export const COMMON_HELP = `Where:
  --local FILE               a local registry file instead of AWS
  --region REGION            the AWS Region (default: AWS_REGION or the SDK's configuration)
  --role-arn ARN             act through this role (e.g. a central account's registry)
  --external-id ID           the external id the role's trust policy requires
  --aws-endpoint-url URL     send AWS requests here (e.g. a local emulator)
  --convention-endpoint T    the endpoint parameter's template (default /{service}/{stage}/endpoint)
  --convention-api-key T     the API key secret's template (default {service}/{stage}/api-key)

Output:
  --json                     machine-readable output on stdout
  -h, --help                 this help`
