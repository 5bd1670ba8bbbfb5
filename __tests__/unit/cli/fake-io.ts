/**
 * The CLI run in-process: `cli(argv, { env, stdin })` resolves to its exit code and what
 * it wrote to stdout and stderr, with no child process.
 */
import { Readable } from 'node:stream'
import type { CliIo } from '../../../src/cli/io.js'
import { run } from '../../../src/cli/run.js'

export interface CliOutcome {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  /** stdout parsed as JSON (for --json runs). */
  readonly json: () => any
}

export interface FakeInput {
  readonly env?: Record<string, string | undefined>
  /** Text piped to stdin; omitted, stdin is a terminal. */
  readonly stdin?: string
}

function terminal(): NonNullable<CliIo['stdin']> {
  return Object.assign(Readable.from([]), { isTTY: true })
}

export async function cli(argv: readonly string[], { env = {}, stdin }: FakeInput = {}): Promise<CliOutcome> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    stdin: stdin === undefined ? terminal() : Readable.from([stdin]),
  }
  const code = await run(argv, io)
  return { code, stdout, stderr, json: () => JSON.parse(stdout) }
}
