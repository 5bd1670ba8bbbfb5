/** What a reader needs to compare results: machine, Node, package versions, settings. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { benchDir } from './probe.js'

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'))

function commitOf() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: benchDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '../src'], {
      cwd: benchDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
    return dirty ? `${head}, with uncommitted changes in src/` : head
  } catch {
    return 'unknown'
  }
}

export function environment(settings) {
  const bench = readJson(`${benchDir}package.json`)
  const project = readJson(`${benchDir}../package.json`)
  const packages = Object.keys(bench.devDependencies).map((name) => `${name} ${readJson(`${benchDir}node_modules/${name}/package.json`).version}`)
  const cpus = os.cpus()
  return {
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    node: process.version,
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    project: `${project.name} ${project.version} (commit ${commitOf()})`,
    packages,
    settings: `latency ${settings.delayMs} ms per request, ${settings.runs} runs per figure (medians)`,
  }
}
