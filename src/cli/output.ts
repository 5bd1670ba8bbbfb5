import type { CliIo } from './io.js'

/** What a command needs besides its options: I/O, the output format, the secrets to keep out of messages. */
export interface CommandContext {
  readonly io: CliIo
  readonly json: boolean
  /** Every secret the command has read: scrubbed from anything written to stderr. */
  readonly secrets: string[]
}

/** A result on stdout: as JSON with --json, as text otherwise. */
export function emit(context: CommandContext, json: unknown, text: readonly string[]): void {
  context.io.stdout.write(context.json ? `${JSON.stringify(json, null, 2)}\n` : `${text.join('\n')}\n`)
}

/** Rows of label/value pairs, the labels padded to one width. */
export function aligned(rows: readonly (readonly [string, string])[], indent = '  '): string[] {
  const width = Math.max(...rows.map(([label]) => label.length))
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`)
}
