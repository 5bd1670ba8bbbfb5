#!/usr/bin/env node
/** The `middy-registry` bin: runs the CLI on this process's arguments and I/O. */
import { askHidden } from './prompt.js'
import { run } from './run.js'

const askSecret = process.stdin.isTTY ? (question: string) => askHidden(process.stdin, process.stderr, question) : undefined
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stdin: process.stdin,
  ...(askSecret ? { askSecret } : {}),
})
