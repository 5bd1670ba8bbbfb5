/**
 * One Lambda execution environment on this machine: the Runtime Interface Emulator (RIE) on
 * free loopback ports, starting aws-lambda-ric on a bundled handler, invoked over the path
 * of Lambda's Invoke API. The RIE initialises the function on the first invocation (a cold
 * start, whose REPORT line carries an `Init Duration`) and keeps the runtime for the next
 * ones (warm starts), as Lambda does with one execution environment.
 */
import { connect } from 'node:net'
import { findFreePort, hasEnded, killGroup, spawnWatched, stopper } from '../../scripts/watched-process.mjs'

const HOST = '127.0.0.1'
const INVOKE_PATH = '/2015-03-31/functions/function/invocations'
const START_TIMEOUT_MS = 10_000
const INVOKE_TIMEOUT_MS = 30_000

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
    // Under a watchdog: the RIE stops when this process ends in any way, and takes the runtime along.
    const child = spawnWatched('rie-watchdog', rie, args, { cwd: task, env: { ...env, LAMBDA_TASK_ROOT: task }, stdout: 'pipe', stderr: 'pipe' })
    child.on('error', () => undefined)
    let output = ''
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk))
    const onExit = () => killGroup(child, 'SIGKILL')
    process.on('exit', onExit)

    const stop = stopper(child, () => process.off('exit', onExit))

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
