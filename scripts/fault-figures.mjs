// `npm run figures:faults`: runs the fault suite (its global setup starts moto) with
// FAULT_FIGURES_FILE set, which also runs the Middy anchor, then prints the figures table
// for docs/reliability.md with what it was measured on.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'

const JEST = ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '-c', 'jest.integration.config.js', '__tests__/integration/faults']

const dir = mkdtempSync(join(tmpdir(), 'fault-figures-'))
const file = join(dir, 'figures.md')
try {
  // Jest reports on stderr; stdout is left to the table.
  const run = spawnSync(process.execPath, JEST, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, FAULT_FIGURES_FILE: file } })
  if (existsSync(file)) {
    const moto = readFileSync('scripts/moto-requirements.txt', 'utf8').trim()
    console.log(`Node ${process.version}, ${availableParallelism()} cores, ${moto}, ${new Date().toISOString().slice(0, 10)}\n`)
    console.log(readFileSync(file, 'utf8').trimEnd())
  } else {
    console.error('fault-figures: the suite wrote no figures')
  }
  // A failed assertion still prints the table, but the script fails with the suite.
  process.exitCode = run.status === 0 && existsSync(file) ? 0 : run.status || 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
