/**
 * One Lambda execution environment on this machine: the Runtime Interface Emulator (RIE) on
 * free loopback ports, starting aws-lambda-ric on a bundled handler, invoked over the path
 * of Lambda's Invoke API. The RIE initialises the function on the first invocation (a cold
 * start, whose REPORT line carries an `Init Duration`) and keeps the runtime for the next
 * ones (warm starts), as Lambda does with one execution environment.
 */
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { findFreePort } from '../../scripts/moto-server.mjs'

const HOST = '127.0.0.1'
const INVOKE_PATH = '/2015-03-31/functions/function/invocations'
const START_TIMEOUT_MS = 10_000
const INVOKE_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 5_000

// The RIE runs under `sh`, which also reads fd 3, a pipe from this process: when this process
// ends in any way (even SIGKILL), the pipe reaches end-of-file and `sh` stops the RIE, which
// stops the runtime (the runtime also exits by itself once the RIE's Runtime API is gone).
const WATCHDOG = [
  '"$@" &',
  'rie=$!',
  '{ read -r _ <&3; kill "$rie" 2>/dev/null; } &',
  'trap \'kill "$rie" 2>/dev/null; wait "$rie"; exit 143\' TERM',
  'wait "$rie"',
].join('\n')

const hasEnded = (child) => child.pid === undefined || child.exitCode !== null || child.signalCode !== null

function listening(port) {
  return new Promise((resolve) => {
    const socket = connect(port, HOST)
    socket.once('connect', () => {
      socket.end()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

async function waitUntilListening(port, child) {
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (hasEnded(child)) return false
    if (await listening(port)) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

/** The REPORT lines the RIE printed, in order: `{ requestId, initDuration }` (initDuration only on a cold start). */
function reportsIn(output) {
  return output
    .split('\n')
    .filter((line) => line.startsWith('REPORT RequestId: '))
    .map((line) => {
      const requestId = line.slice('REPORT RequestId: '.length).split('\t')[0]
      const init = /Init Duration: ([\d.]+) ms/.exec(line)
      return { requestId, initDuration: init ? Number(init[1]) : undefined }
    })
}

/**
 * Starts an execution environment: `aws-lambda-rie` running `node <ricEntry> <handler>` in
 * `task` with exactly `env` (the RIE hands its own environment to the runtime, so nothing
 * of this process's leaks in). Resolves once the RIE listens; the function initialises on
 * the first `invoke()`.
 */
export async function startFunction({ rie, node, ricEntry, task, handler = 'handler.handler', env }) {
  for (let attempt = 1; ; attempt++) {
    const [port, runtimePort] = [await findFreePort(), await findFreePort()]
    const args = [
      '--runtime-interface-emulator-address',
      `${HOST}:${port}`,
      '--runtime-api-address',
      `${HOST}:${runtimePort}`,
      '--log-level',
      'info',
      node,
      ricEntry,
      handler,
    ]
    const child = spawn('sh', ['-c', WATCHDOG, 'rie-watchdog', rie, ...args], {
      cwd: task,
      env: { ...env, LAMBDA_TASK_ROOT: task },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
    })
    child.on('error', () => undefined)
    let output = ''
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk))
    const onExit = () => killGroup(child, 'SIGKILL')
    process.on('exit', onExit)

    let stopping
    const stop = () => {
      stopping ??= new Promise((resolve) => {
        process.off('exit', onExit)
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

    if (!(await waitUntilListening(port, child))) {
      await stop()
      if (attempt === 3) throw new Error(`aws-lambda-rie did not listen on ${HOST}:${port}; its output:\n${output}`)
      continue
    }

    return {
      endpoint: `http://${HOST}:${port}`,
      /** Invokes the function once: `{ status, payload }`, the payload parsed as JSON. */
      async invoke(event) {
        const response = await fetch(`http://${HOST}:${port}${INVOKE_PATH}`, {
          method: 'POST',
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(INVOKE_TIMEOUT_MS),
        })
        const text = await response.text()
        let payload
        try {
          payload = JSON.parse(text)
        } catch {
          throw new Error(`the RIE answered HTTP ${response.status} with a body that is not JSON: ${text}\nits output:\n${output}`)
        }
        return { status: response.status, payload, text }
      },
      /** Everything the RIE and the runtime printed so far (the function's logs included). */
      output: () => output,
      reports: () => reportsIn(output),
      stop,
    }
  }
}
