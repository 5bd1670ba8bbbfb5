/** The parent side: runs one measurement in a fresh Node process and returns its result. */
import { spawn } from 'node:child_process'
import { aliasesOf, middyMajorOf } from './middy-version.js'
import { benchDir, RESULT_MARKER } from './probe.js'

const TIMEOUT_MS = 120_000

// On Middy 5 or 6, the handlers' @middy/* imports resolve to that major's aliases (run.js
// sets BENCH_MIDDY_MAJOR, which the children inherit).
const middyOptions = () => (Object.keys(aliasesOf(middyMajorOf([], process.env))).length > 0 ? ['--import', `${benchDir}lib/middy-alias-hook.js`] : [])

/**
 * Lambda freezes the process between invocations: timers and sockets stand still until
 * the next one. A child that asks for it (`{ freezeUntil }` over IPC) is stopped with
 * SIGSTOP and continued at that epoch time.
 */
function freezeOnRequest(child) {
  child.on('message', ({ freezeUntil }) => {
    if (typeof freezeUntil !== 'number') return
    child.kill('SIGSTOP')
    setTimeout(() => child.kill('SIGCONT'), Math.max(0, freezeUntil - Date.now()))
  })
}

/** Runs `probes/<probe>.js` with `config`; rejects with the child's stderr if it fails. */
export function runProbe(probe, config, { nodeOptions = [], freezable = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...middyOptions(), ...nodeOptions, `${benchDir}probes/${probe}.js`, JSON.stringify(config)], {
      cwd: benchDir,
      stdio: ['ignore', 'pipe', 'pipe', ...(freezable ? ['ipc'] : [])],
    })
    if (freezable) freezeOnRequest(child)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_MARKER))
      if (code === 0 && line) return resolve(JSON.parse(line.slice(RESULT_MARKER.length)))
      reject(new Error(`probe ${probe} ${JSON.stringify(config)} failed (${signal ?? `exit ${code}`}):\n${stderr.slice(-2000)}`))
    })
  })
}
