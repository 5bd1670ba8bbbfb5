/**
 * The API key, read from where a pipeline keeps it: a named environment variable or
 * stdin. Never from an argument: shell history and process lists would keep it.
 */
import { PublishInputError } from '../core/problem.js'
import { MIN_API_KEY_LENGTH } from '../write/store/redact.js'
import { stringOf, UsageError, type Values } from './arguments.js'
import { type CliIo, readAll } from './io.js'

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
// Variables are named in capitals by convention; a random key almost never is (it mixes cases).
const CONVENTIONAL_NAME = /^[A-Z_][A-Z0-9_]*$/

/** The variable as a message names it: by name when it looks like one, for it might be a key pasted in its place. */
const variableText = (variable: string) =>
  CONVENTIONAL_NAME.test(variable) ? `the environment variable ${variable} (--api-key-from-env)` : 'the environment variable named by --api-key-from-env'

/** A key too short to be masked safely is refused (see MIN_API_KEY_LENGTH); it is never quoted, nor its length told. */
function checkLength(key: string, from: string): string {
  if (key.length < MIN_API_KEY_LENGTH)
    throw new PublishInputError(`the API key read from ${from} is shorter than ${MIN_API_KEY_LENGTH} characters: too short to be masked safely`)
  return key
}

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
    if (!value) throw new PublishInputError(`${variableText(variable)} is not set, or is empty`)
    return checkLength(value, variableText(variable))
  }
  if (!fromStdin) return undefined
  // Typed at a terminal, the key would be echoed on screen: it must come through a pipe.
  if (!io.stdin || io.stdin.isTTY)
    throw new UsageError('--api-key-stdin reads the key from a pipe, e.g. `vault read … | middy-registry publish … --api-key-stdin`')
  // One trailing line break is what `echo` and most secret tools add; it is not part of the key.
  const value = (await readAll(io.stdin)).replace(/\r?\n$/, '')
  if (value === '') throw new PublishInputError('--api-key-stdin read an empty key')
  return checkLength(value, '--api-key-stdin')
}
