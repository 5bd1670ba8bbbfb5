/**
 * The API key, read from where a pipeline keeps it: a named environment variable or
 * stdin. Never from an argument: shell history and process lists would keep it.
 */
import { PublishInputError } from '../core/problem.js'
import { stringOf, UsageError, type Values } from './arguments.js'
import { type CliIo, readAll } from './io.js'

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The key named by --api-key-from-env or piped with --api-key-stdin; undefined with neither. */
export async function apiKeyOf(values: Values, io: CliIo): Promise<string | undefined> {
  const variable = stringOf(values, 'api-key-from-env')
  const fromStdin = values['api-key-stdin'] === true
  if (variable !== undefined && fromStdin) throw new UsageError('give --api-key-from-env or --api-key-stdin, not both')
  if (variable !== undefined) {
    // Not quoted back: a key pasted here instead of a name must not reach the log.
    if (!ENV_NAME.test(variable))
      throw new UsageError('--api-key-from-env takes the name of an environment variable (letters, digits and _), not the key itself')
    const value = io.env[variable]
    if (!value) throw new PublishInputError('the environment variable named by --api-key-from-env is not set, or is empty')
    return value
  }
  if (!fromStdin) return undefined
  // Typed at a terminal, the key would be echoed on screen: it must come through a pipe.
  if (!io.stdin || io.stdin.isTTY)
    throw new UsageError('--api-key-stdin reads the key from a pipe, e.g. `vault read … | middy-registry publish … --api-key-stdin`')
  // One trailing line break is what `echo` and most secret tools add; it is not part of the key.
  const value = (await readAll(io.stdin)).replace(/\r?\n$/, '')
  if (value === '') throw new PublishInputError('--api-key-stdin read an empty key')
  return value
}
