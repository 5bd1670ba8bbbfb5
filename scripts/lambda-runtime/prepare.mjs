/**
 * What `npm run test:lambda-runtime` needs to run a handler the way Lambda does, installed
 * when missing into `.cache/lambda-runtime/` (git-ignored), and kept there so that reruns
 * start at once:
 *
 *   - the Runtime Interface Emulator (RIE), built from its Go module with `go install` at a
 *     pinned version into `.cache/lambda-runtime/bin`;
 *   - the tools the native build of `aws-lambda-ric` needs (autoconf, automake, libtool,
 *     cmake, make, g++, python3, xz), with apt-get, as root or through `sudo -n`;
 *   - `aws-lambda-ric` itself (the Node.js Runtime Interface Client Lambda's runtime is built
 *     on), pinned by scripts/lambda-runtime/ric/package-lock.json, installed with `npm ci`
 *     into `.cache/lambda-runtime/ric`;
 *   - the SAM example's handler, bundled with esbuild as its template's Metadata says (ESM,
 *     `.mjs`, es2022, the AWS SDK left to the runtime), into `.cache/lambda-runtime/task`.
 *
 * What cannot be installed here (no Go, no root for apt-get, no apt-get) ends the run with
 * a loud message and a non-zero exit: this test never skips.
 *
 * Also a command: `node scripts/lambda-runtime/prepare.mjs` installs and bundles, then
 * prints where everything is.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))))
export const cacheDir = join(repoRoot, '.cache', 'lambda-runtime')

/** The RIE's Go module has no semantic-version tags, so it is pinned by its pseudo-version (a commit of its main branch). */
export const RIE_PACKAGE = 'github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie'
export const RIE_VERSION = 'v0.0.0-20261030222936-bef5c4ba774d'

const RIC_MANIFEST_DIR = join(repoRoot, 'scripts', 'lambda-runtime', 'ric')
const SAM_HANDLER = join(repoRoot, 'examples', 'sam', 'src', 'handler.ts')

/** Commands the native build of aws-lambda-ric runs, each with the Debian/Ubuntu package that brings it. */
const BUILD_TOOLS = [
  ['autoconf', 'autoconf'],
  ['automake', 'automake'],
  ['libtoolize', 'libtool'],
  ['cmake', 'cmake'],
  ['make', 'make'],
  ['g++', 'g++'],
  ['python3', 'python3'],
  ['xz', 'xz-utils'],
]

const log = (message) => process.stderr.write(`[lambda-runtime] ${message}\n`)

/** The error of something this machine lacks and this script cannot install: printed framed, so that no log hides it. */
export class CannotInstall extends Error {
  constructor(what, lines) {
    const rule = '!'.repeat(100)
    super(
      [
        rule,
        `!! npm run test:lambda-runtime cannot run: ${what}`,
        ...lines.map((line) => `!! ${line}`),
        '!! This test does not skip: it fails until this is fixed.',
        rule,
      ].join('\n'),
    )
    this.name = 'CannotInstall'
  }
}

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)))
}

/** Runs a command with its output on stderr (or into `logFile`); throws with the log's tail when it fails. */
function run(command, args, { env = process.env, cwd = repoRoot, logFile, what = `${command} ${args.join(' ')}` } = {}) {
  const started = performance.now()
  const result = spawnSync(command, args, {
    cwd,
    env,
    stdio: ['ignore', logFile ? 'pipe' : 2, logFile ? 'pipe' : 2],
    maxBuffer: 256 * 1024 * 1024,
  })
  if (logFile) writeFileSync(logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`)
  if (result.error) throw result.error
  if (result.status !== 0) {
    const tail = logFile ? `\n${readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-40).join('\n')}\n(whole log: ${logFile})` : ''
    throw new Error(`${what} failed (exit code ${result.status ?? result.signal})${tail}`)
  }
  return (performance.now() - started) / 1000
}

// --- The Runtime Interface Emulator ----------------------------------------------------------

/** Builds the RIE with `go install` unless the pinned version is there; returns its path. */
export function ensureRie() {
  const bin = join(cacheDir, 'bin')
  const rie = join(bin, 'aws-lambda-rie')
  const stamp = join(bin, 'aws-lambda-rie.version')
  if (existsSync(rie) && existsSync(stamp) && readFileSync(stamp, 'utf8') === RIE_VERSION) return rie
  if (!onPath('go')) {
    throw new CannotInstall('Go is not installed, and the Runtime Interface Emulator is built from its Go module.', [
      `It would run: GOBIN=${bin} go install ${RIE_PACKAGE}@${RIE_VERSION}`,
      'Install Go 1.21 or newer (it fetches the Go version the module asks for by itself), then rerun:',
      '  https://go.dev/doc/install, or in GitHub Actions: actions/setup-go',
    ])
  }
  mkdirSync(bin, { recursive: true })
  rmSync(stamp, { force: true })
  log(`building the Runtime Interface Emulator: go install ${RIE_PACKAGE}@${RIE_VERSION}`)
  // GOTOOLCHAIN=auto lets an older Go fetch the toolchain the module's go.mod asks for (a
  // distribution's Go may default to `local`); one set by the caller is kept.
  const env = { ...process.env, GOBIN: bin, GOTOOLCHAIN: process.env.GOTOOLCHAIN || 'auto', GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() }
  const seconds = run('go', ['install', `${RIE_PACKAGE}@${RIE_VERSION}`], { env, what: 'go install (the Runtime Interface Emulator)' })
  writeFileSync(stamp, RIE_VERSION)
  log(`Runtime Interface Emulator built in ${seconds.toFixed(1)} s: ${rie}`)
  return rie
}

// --- The build tools of aws-lambda-ric ---------------------------------------------------------

/** Installs the missing build tools with apt-get (as root, or with `sudo -n`). */
export function ensureBuildTools() {
  if (process.platform !== 'linux') {
    throw new CannotInstall(`aws-lambda-ric builds its native client on Linux only, and this is ${process.platform}.`, [
      'Run it in a Linux container or VM, e.g. docker run -it -v "$PWD":/work -w /work node:22 npm run test:lambda-runtime',
    ])
  }
  const missing = BUILD_TOOLS.filter(([command]) => !onPath(command))
  if (missing.length === 0) return
  const packages = [...new Set(missing.map(([, pkg]) => pkg))]
  const commands = missing.map(([command]) => command).join(', ')
  if (!onPath('apt-get')) {
    throw new CannotInstall(`the native build of aws-lambda-ric needs ${commands}, and this machine has no apt-get to install them.`, [
      `Install them with your package manager (packages on Debian/Ubuntu: ${packages.join(' ')}), then rerun.`,
    ])
  }
  const asRoot = process.getuid?.() === 0
  if (!asRoot && !(onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0)) {
    throw new CannotInstall(`the native build of aws-lambda-ric needs ${commands}, and installing them needs root (not root, and no password-less sudo).`, [
      `Install them yourself, then rerun: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`,
    ])
  }
  log(`installing the build tools of aws-lambda-ric with apt-get: ${packages.join(' ')}`)
  const aptGet = (...args) => {
    const argv = [...(asRoot ? [] : ['sudo', '-n']), 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]
    run(argv[0], argv.slice(1), { what: `apt-get ${args.join(' ')}` })
  }
  aptGet('update', '-qq')
  aptGet('install', '-y', '-qq', '--no-install-recommends', ...packages)
  const still = BUILD_TOOLS.filter(([command]) => !onPath(command)).map(([command]) => command)
  if (still.length > 0) throw new CannotInstall(`apt-get ran, but ${still.join(', ')} is still not on the PATH.`, [`PATH=${process.env.PATH}`])
}

// --- aws-lambda-ric ---------------------------------------------------------------------------

/**
 * node-gyp fetches Node's headers from the internet unless it is told where they are. A
 * Node.js from an official build or a distribution package has them beside it
 * (PREFIX/include/node); the one `npx -p node@N` brings has none, so every `node` on the
 * PATH is tried too. The client is a Node-API addon: headers of any supported Node.js
 * build it for all of them.
 */
function nodeHeadersDir() {
  const nodes = [process.execPath, ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'node'))]
  const prefixes = nodes.filter((node) => existsSync(node)).map((node) => dirname(dirname(realpathSync(node))))
  return prefixes.find((prefix) => existsSync(join(prefix, 'include', 'node', 'node_api.h')) && existsSync(join(prefix, 'include', 'node', 'common.gypi')))
}

/** Installs the pinned aws-lambda-ric (building its native client) unless it is there; returns its directory. */
export function ensureRic() {
  const dir = join(cacheDir, 'ric')
  const lock = readFileSync(join(RIC_MANIFEST_DIR, 'package-lock.json'), 'utf8')
  const stamp = join(dir, 'installed-package-lock.json')
  const entry = ricEntry(dir)
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock && existsSync(entry) && existsSync(join(dirname(entry), 'rapid-client.node'))) return dir
  ensureBuildTools()
  // A half-done install is never taken as ready: start from an empty folder.
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(RIC_MANIFEST_DIR, file), join(dir, file))
  const version = JSON.parse(lock).packages['node_modules/aws-lambda-ric'].version
  log(`installing aws-lambda-ric ${version} and building its native client (curl, aws-lambda-cpp, node-gyp); first run only, about a minute`)
  const headers = nodeHeadersDir()
  if (!headers) log("no Node.js headers beside any node on the PATH: node-gyp will download them (this needs nodejs.org's downloads)")
  const env = { ...process.env, ...(headers ? { npm_config_nodedir: headers } : {}), npm_config_jobs: 'max' }
  const seconds = run('npm', ['ci', '--no-audit', '--no-fund', '--foreground-scripts'], {
    cwd: dir,
    env,
    logFile: join(dir, 'install.log'),
    what: 'npm ci (aws-lambda-ric)',
  })
  if (!existsSync(join(dirname(entry), 'rapid-client.node')))
    throw new Error(`aws-lambda-ric installed without its native client; see ${join(dir, 'install.log')}`)
  writeFileSync(stamp, lock)
  log(`aws-lambda-ric ${version} installed in ${seconds.toFixed(1)} s`)
  return dir
}

/** The script the RIE starts as the runtime: aws-lambda-ric's bin. */
export function ricEntry(dir = join(cacheDir, 'ric')) {
  const packageDir = join(dir, 'node_modules', 'aws-lambda-ric')
  if (!existsSync(join(packageDir, 'package.json'))) return join(packageDir, 'index.mjs')
  const { bin } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
  return join(packageDir, typeof bin === 'string' ? bin : bin['aws-lambda-ric'])
}

// --- The Node.js the runtime runs on ----------------------------------------------------------

/** The SAM template's runtime (nodejs22.x), and the oldest Node.js aws-lambda-ric's `engines` accepts. */
const LAMBDA_NODE_MAJOR = 22

/**
 * The Node.js binary the runtime runs on: this one from Node.js 22 on (`npm run
 * test:runtimes` brings 22 and 24), otherwise Node.js 22 from the npm registry's `node`
 * package, as scripts/test-runtimes.sh gets it.
 */
export function lambdaNode() {
  if (Number(process.versions.node.split('.')[0]) >= LAMBDA_NODE_MAJOR) return process.execPath
  log(`Node.js ${process.version} is older than the template's runtime: the handler runs on Node.js ${LAMBDA_NODE_MAJOR} (npx -p node@${LAMBDA_NODE_MAJOR})`)
  const result = spawnSync('npx', ['--yes', '-p', `node@${LAMBDA_NODE_MAJOR}`, '--', 'node', '-p', 'process.execPath'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 2],
  })
  const path = result.stdout?.trim()
  if (result.status !== 0 || !path || !existsSync(path))
    throw new Error(`npx -p node@${LAMBDA_NODE_MAJOR} did not give a Node.js binary (exit code ${result.status ?? result.signal})`)
  return path
}

// --- The handler --------------------------------------------------------------------------------

/**
 * Bundles the SAM example's handler as `sam build` does from its template's Metadata
 * (esbuild, ESM, `.mjs`, es2022, `@aws-sdk/*` external), with `middy-registry` taken from
 * this repository's sources. The AWS SDK stays external, as the Lambda runtime provides it:
 * the bundle sits inside the repository, so Node.js finds the SDK in its node_modules.
 * Returns the task directory (LAMBDA_TASK_ROOT), holding `handler.mjs`.
 */
export async function bundleHandler() {
  const { build } = await import('esbuild')
  const task = join(cacheDir, 'task')
  rmSync(task, { recursive: true, force: true })
  const started = performance.now()
  await build({
    entryPoints: [SAM_HANDLER],
    outfile: join(task, 'handler.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    external: ['@aws-sdk/*'],
    alias: { 'middy-registry': join(repoRoot, 'src', 'index.ts') },
    logLevel: 'warning',
  })
  log(`bundled ${SAM_HANDLER} in ${Math.round(performance.now() - started)} ms`)
  return task
}

/** Everything the test needs: `{ rie, node, ricEntry, task }`. */
export async function prepare() {
  const rie = ensureRie()
  const ric = ensureRic()
  const node = lambdaNode()
  const task = await bundleHandler()
  return { rie, node, ricEntry: ricEntry(ric), task }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  prepare().then(
    (ready) => process.stdout.write(`${JSON.stringify(ready, null, 2)}\n`),
    (error) => {
      process.stderr.write(`${error instanceof CannotInstall ? error.message : `[lambda-runtime] ${error.stack ?? error}`}\n`)
      process.exitCode = 1
    },
  )
}
