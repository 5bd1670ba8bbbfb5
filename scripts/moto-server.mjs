/**
 * moto's server for the integration tests: the real AWS SDK clients talk HTTP to it.
 *
 * moto is a Python package, so it lives in a project-local virtualenv (`.venv-moto`),
 * created and filled on first use from `scripts/moto-requirements.txt`. The server binds a
 * free loopback port and is stopped with its whole process group, also when the test run
 * fails, is interrupted or is killed outright. Set MOTO_ENDPOINT to use a server that is
 * already running instead.
 *
 * Also a command: `node scripts/moto-server.mjs install` prepares the virtualenv;
 * `node scripts/moto-server.mjs serve` runs a server until Ctrl-C and prints its endpoint.
 */
import { spawnSync } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findFreePort, hasEnded, killGroup, spawnWatched, stopper } from './watched-process.mjs'

const HOST = '127.0.0.1'
const START_TIMEOUT_MS = 30_000

export const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)))

const log = (message) => process.stderr.write(`[moto] ${message}\n`)

/** Where everything lives, for a repository root. */
function layout(root = repoRoot) {
  const venv = join(root, '.venv-moto')
  return {
    venv,
    python: join(venv, 'bin', 'python'),
    motoServer: join(venv, 'bin', 'moto_server'),
    requirements: join(root, 'scripts', 'moto-requirements.txt'),
    // A copy of the requirements the virtualenv was filled from: when it matches, pip is skipped.
    stamp: join(venv, 'installed-requirements.txt'),
    logFile: join(venv, 'moto-server.log'),
  }
}

const PYTHON_MISSING = [
  'python3 was not found, and the integration tests run moto (a Python package) in a local virtualenv.',
  'Install Python 3.9 or newer with its venv module, then rerun:',
  '  Debian/Ubuntu: sudo apt-get install python3 python3-venv',
  '  Fedora:        sudo dnf install python3',
  '  macOS:         brew install python',
  'Or start a moto server yourself and set MOTO_ENDPOINT=http://127.0.0.1:PORT.',
].join('\n')

function run(command, args, what) {
  // Child output goes to stderr, so that a test reporter reading stdout is not disturbed.
  const result = spawnSync(command, args, { stdio: ['ignore', 2, 2] })
  if (result.error?.code === 'ENOENT') throw new Error(command === 'python3' ? PYTHON_MISSING : `${command} was not found`)
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`${what} failed (exit code ${result.status ?? result.signal})`)
}

function createVirtualenv(paths) {
  log(`creating a virtualenv in ${paths.venv}`)
  try {
    // --clear: a virtualenv whose Python has since gone (an upgrade, a pyenv switch) is rebuilt.
    run('python3', ['-m', 'venv', '--clear', paths.venv], 'python3 -m venv')
  } catch (error) {
    // A half-made virtualenv would be taken as ready next time.
    rmSync(paths.venv, { recursive: true, force: true })
    if (error.message === PYTHON_MISSING) throw error
    throw new Error(`${error.message}. On Debian/Ubuntu the venv module is a separate package: sudo apt-get install python3-venv`)
  }
}

/** Makes sure `.venv-moto` holds the pinned moto; returns the path of `moto_server`. */
export function ensureMotoInstalled(root = repoRoot) {
  const paths = layout(root)
  const wanted = readFileSync(paths.requirements, 'utf8')
  const installed = existsSync(paths.stamp) ? readFileSync(paths.stamp, 'utf8') : undefined
  // existsSync follows the venv's python symlink: false when the Python it points to is gone.
  if (installed === wanted && existsSync(paths.python) && existsSync(paths.motoServer)) return paths.motoServer
  if (!existsSync(paths.python)) createVirtualenv(paths)
  log(`installing ${wanted.trim().split('\n').join(', ')} (first use only)`)
  const pip = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', paths.requirements]
  run(paths.python, pip, 'pip install')
  writeFileSync(paths.stamp, wanted)
  return paths.motoServer
}

/** True once the server answers moto's own API. */
async function answers(endpoint) {
  try {
    const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1_000) })
    await response.arrayBuffer()
    return response.ok
  } catch {
    return false
  }
}

async function waitUntilReady(endpoint, child) {
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (hasEnded(child)) return false
    if (await answers(endpoint)) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

function spawnServer(motoServer, port, logFile) {
  const out = openSync(logFile, 'w')
  try {
    // Its own process group, so that stopping it takes the watchdog along.
    const child = spawnWatched('moto-watchdog', motoServer, ['-H', HOST, '-p', String(port)], { stdout: out, stderr: out })
    // A spawn failure is seen as a server that never answered; unhandled, it would crash the run.
    child.on('error', (error) => log(`cannot run sh: ${error.message}`))
    return child
  } finally {
    closeSync(out)
  }
}

/** Stops the server when this process exits or is interrupted; returns the undo. */
function stopOnExit(child) {
  const onExit = () => killGroup(child, 'SIGKILL')
  const onSignal = (signal) => {
    killGroup(child, 'SIGTERM')
    forget()
    // Let the signal do what it would have done without us.
    process.kill(process.pid, signal)
  }
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP']
  const forget = () => {
    process.off('exit', onExit)
    for (const signal of signals) process.off(signal, onSignal)
  }
  process.on('exit', onExit)
  for (const signal of signals) process.on(signal, onSignal)
  return forget
}

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no output)'
  }
}

/** Starts moto's server on a free loopback port: `{ endpoint, stop }`. */
export async function startMotoServer(root = repoRoot) {
  const motoServer = ensureMotoInstalled(root)
  const { logFile } = layout(root)
  // A port found free can be taken before moto binds it; another one is then tried.
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort()
    const endpoint = `http://${HOST}:${port}`
    const started = Date.now()
    const child = spawnServer(motoServer, port, logFile)
    const stop = stopper(child, stopOnExit(child))
    if (await waitUntilReady(endpoint, child)) {
      log(`server on ${endpoint} (ready in ${Date.now() - started} ms; log: ${logFile})`)
      return { endpoint, stop }
    }
    await stop()
    if (attempt === 3) throw new Error(`moto's server did not start on ${endpoint}; its last output:\n${tail(logFile)}`)
  }
}

/** The server named by MOTO_ENDPOINT, or a new one. `stop()` stops only a server started here. */
export async function useMotoServer(root = repoRoot) {
  const given = process.env.MOTO_ENDPOINT
  if (!given) return startMotoServer(root)
  const endpoint = given.replace(/\/+$/, '')
  if (!(await answers(endpoint))) throw new Error(`MOTO_ENDPOINT=${given} does not answer GET /moto-api/data.json; is moto's server running there?`)
  log(`using the server at ${endpoint} (MOTO_ENDPOINT)`)
  return { endpoint, stop: async () => undefined }
}

/** Forgets everything the server holds, in every service and Region. */
export async function resetMoto(endpoint) {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })
  await response.arrayBuffer()
  if (!response.ok) throw new Error(`resetting moto at ${endpoint} failed: HTTP ${response.status}`)
}

async function main(command) {
  if (command === 'install') {
    log(`ready: ${ensureMotoInstalled()}`)
    return
  }
  if (command === 'serve') {
    const { endpoint } = await startMotoServer()
    process.stdout.write(`MOTO_ENDPOINT=${endpoint}\n`)
    log('press Ctrl-C to stop')
    return
  }
  throw new Error('usage: node scripts/moto-server.mjs install|serve')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv[2]).catch((error) => {
    log(error.message)
    process.exitCode = 1
  })
}
