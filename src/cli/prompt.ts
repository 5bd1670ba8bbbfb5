/**
 * Asking for a secret at a terminal (for `{ prompt: true }` in a registry file), with
 * nothing echoed: the characters typed never appear on screen or in a scrollback.
 */
import type { ReadStream } from 'node:tty'

const ENTER = new Set(['\r', '\n'])
const CTRL_C = '\u0003'
const CTRL_D = '\u0004'
const BACKSPACE = new Set(['\u007f', '\b'])

/** The typed secret, read in raw mode from a TTY stdin; the question goes to stderr. */
export function askHidden(stdin: ReadStream, stderr: { write(text: string): unknown }, question: string): Promise<string> {
  stderr.write(question)
  const wasRaw = stdin.isRaw
  stdin.setRawMode(true)
  stdin.setEncoding('utf8')
  stdin.resume()
  return new Promise((resolve, reject) => {
    let typed = ''
    const finish = (outcome: () => void) => {
      stdin.off('data', onData)
      stdin.setRawMode(wasRaw)
      stdin.pause()
      stderr.write('\n')
      outcome()
    }
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (ENTER.has(character) || character === CTRL_D) return finish(() => resolve(typed))
        if (character === CTRL_C) return finish(() => reject(new Error('interrupted at the prompt')))
        typed = BACKSPACE.has(character) ? typed.slice(0, -1) : typed + character
      }
    }
    stdin.on('data', onData)
  })
}
