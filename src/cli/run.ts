/**
 * `middy-registry`: the command line of the registry's writing side. `run()` takes the
 * arguments and I/O as parameters and resolves to the exit code, so that it runs the same
 * in tests as from the bin; it never throws and never calls process.exit.
 */
import { readFile } from 'node:fs/promises'
import { PublishInputError } from '../core/problem.js'
import { redact } from '../write/store/redact.js'
import { parseOptions, UsageError } from './arguments.js'
import type { Command } from './command.js'
import { applyCommand } from './commands/apply.js'
import { diffCommand } from './commands/diff.js'
import { exportCommand } from './commands/export.js'
import { getCommand } from './commands/get.js'
import { listCommand } from './commands/list.js'
import { planCommand } from './commands/plan.js'
import { publishCommand } from './commands/publish.js'
import { EXIT, type ExitCode } from './exit-codes.js'
import type { CliIo } from './io.js'
import type { CommandContext } from './output.js'

const COMMANDS: readonly Command[] = [publishCommand, getCommand, listCommand, diffCommand, planCommand, applyCommand, exportCommand]

const HELP = `Usage: middy-registry <command> [options]

Publishes a service's endpoint and API key where middy-registry's service() finds them,
inspects what is published, and keeps the registry as code (plan, apply, export).

Commands:
${COMMANDS.map(({ name, summary }) => `  ${name.padEnd(9)}${summary}`).join('\n')}

Run middy-registry <command> --help for a command's options. Every command says where it
reads or writes: the AWS Region and account, the endpoint given with --aws-endpoint-url
(marked as not AWS), or the local file.

Exit codes:
  0   done (diff, plan: nothing would change)
  1   the registry could not be read or written (AWS error, network, file),
      or a secret the registry file declares is missing
  2   diff, plan: a publish or an apply would change something
  64  usage error (unknown command or option, missing option)
  65  invalid input (e.g. an endpoint that is not https, an invalid registry file)
`

function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UsageError) return EXIT.USAGE
  if (error instanceof PublishInputError) return EXIT.INVALID_INPUT
  return EXIT.FAILURE
}

/** Reports a failure on stderr (as JSON with --json), scrubbed of every secret read so far. */
function report(error: unknown, context: CommandContext, command: Command | undefined): ExitCode {
  const exitCode = exitCodeOf(error)
  const { name = 'Error', message = String(error), code } = error as { name?: string; message?: string; code?: string }
  const text = redact(message, context.secrets)
  if (context.json) {
    context.io.stderr.write(`${JSON.stringify({ error: { code: code ?? name, message: text, exitCode } })}\n`)
  } else {
    const hint = exitCode === EXIT.USAGE ? `\nRun middy-registry ${command ? `${command.name} ` : ''}--help for usage.` : ''
    context.io.stderr.write(`middy-registry: ${text}${hint}\n`)
  }
  return exitCode
}

async function version(): Promise<string> {
  // From dist/cli/ or src/cli/ alike, the package's manifest is two levels up.
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return manifest.version
}

export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv
  const context: CommandContext = { io, json: argv.includes('--json'), secrets: [] }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    ;(name === undefined ? io.stderr : io.stdout).write(HELP)
    return name === undefined ? EXIT.USAGE : EXIT.OK
  }
  if (name === '--version') {
    io.stdout.write(`${await version()}\n`)
    return EXIT.OK
  }
  const command = COMMANDS.find((candidate) => candidate.name === name)
  try {
    // The name is not quoted back unless it looks like one: it could be a misplaced key.
    if (!command) throw new UsageError(/^[a-z-]{1,20}$/.test(name) ? `unknown command "${name}"` : 'unknown command')
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${command.help}\n`)
      return EXIT.OK
    }
    return await command.run(parseOptions(rest, command.options), context)
  } catch (error) {
    return report(error, context, command)
  }
}
