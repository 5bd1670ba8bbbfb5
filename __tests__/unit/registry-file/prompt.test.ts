import { EventEmitter } from 'node:events'
import type { ReadStream } from 'node:tty'
import { describe, expect, it } from '@jest/globals'
import { askHidden } from '../../../src/cli/prompt.js'

/** A terminal's stdin: records its raw mode, and lets the test type into it. */
class FakeTerminal extends EventEmitter {
  isRaw = false
  readonly modes: boolean[] = []
  setRawMode(mode: boolean) {
    this.modes.push(mode)
    this.isRaw = mode
    return this
  }
  setEncoding() {
    return this
  }
  resume() {
    return this
  }
  pause() {
    return this
  }
  type(text: string) {
    this.emit('data', text)
  }
}

function asking() {
  const terminal = new FakeTerminal()
  let shown = ''
  const answer = askHidden(terminal as unknown as ReadStream, { write: (text: string) => (shown += text) }, 'secret db/prod: ')
  return { terminal, answer, shown: () => shown }
}

describe('asking for a secret at a terminal', () => {
  it('reads what is typed up to Enter, with backspace, echoing none of it', async () => {
    const { terminal, answer, shown } = asking()
    terminal.type('s3cr')
    terminal.type('x\u007fet\r')
    await expect(answer).resolves.toBe('s3cret')
    expect(shown()).toBe('secret db/prod: \n')
  })

  it('puts the terminal in raw mode while asking, and back as it was after', async () => {
    const { terminal, answer } = asking()
    terminal.type('a\n')
    await answer
    expect(terminal.modes).toEqual([true, false])
    expect(terminal.listenerCount('data')).toBe(0)
  })

  it('gives up on Ctrl-C', async () => {
    const { terminal, answer } = asking()
    terminal.type('abc\u0003')
    await expect(answer).rejects.toThrow('interrupted at the prompt')
  })
})
