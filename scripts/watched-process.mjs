/**
 * A server the tests start and must never leave behind (moto, the Lambda Runtime Interface
 * Emulator): spawned under a `sh` watchdog in a process group of its own, stopped with its
 * group, and stopped too if this process ends in any way.
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'

const HOST = '127.0.0.1'
const STOP_TIMEOUT_MS = 5_000

// The command runs under `sh`, which also reads fd 3, a pipe from this process. The pipe
// reaches end-of-file when this process ends in any way (even SIGKILL), and `sh` then
// stops the command: nothing outlives the test run. On SIGTERM, `sh` exits only once the
// command has, so that a finished stop() means the port is free and the process gone.
const WATCHDOG = [
  '"$@" &',
  'server=$!',
  '{ read -r _ <&3; kill "$server" 2>/dev/null; } &',
  'trap \'kill "$server" 2>/dev/null; wait "$server"; exit 143\' TERM',
  'wait "$server"',
].join('\n')

/** A loopback port nobody listens on right now (the OS picks it). */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

// A child that could not be spawned has no pid, and may never emit 'exit'.
export const hasEnded = (child) => child.pid === undefined || child.exitCode !== null || child.signalCode !== null

/** `command args…` under the watchdog, in its own process group (detached), fd 3 the watchdog's pipe. */
export function spawnWatched(name, command, args, { stdout = 'ignore', stderr = 'ignore', env, cwd } = {}) {
  return spawn('sh', ['-c', WATCHDOG, name, command, ...args], { stdio: ['ignore', stdout, stderr, 'pipe'], detached: true, env, cwd })
}

export function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

/** stop(): SIGTERM to the group, SIGKILL after a grace period; resolves once it has exited. Calls `forget` first. */
export function stopper(child, forget = () => undefined) {
  let stopping
  return () => {
    stopping ??= new Promise((resolve) => {
      forget()
      if (hasEnded(child)) return resolve()
      const force = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_TIMEOUT_MS)
      child.once('exit', () => {
        clearTimeout(force)
        resolve()
      })
      killGroup(child, 'SIGTERM')
    }).finally(() => child.stdio[3]?.destroy())
    return stopping
  }
}
