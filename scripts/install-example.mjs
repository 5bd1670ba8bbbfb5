#!/usr/bin/env node
/**
 * Installs an example project's dependencies with `npm ci`, unless they are already
 * installed from its lockfile as it is now: `npm test` runs once per Node.js version, and
 * reinstalling hundreds of packages each time would only repeat the same work. A stamp
 * beside node_modules holds the lockfile's hash and the npm arguments it was installed with.
 *
 *   node scripts/install-example.mjs examples/cdk --omit=dev
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const [directory, ...extra] = process.argv.slice(2)
if (!directory) throw new Error('usage: install-example.mjs <directory> [npm ci arguments]')

const args = ['ci', '--prefix', directory, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...extra]
const lockfile = readFileSync(join(directory, 'package-lock.json'))
const wanted = createHash('sha256').update(lockfile).update(JSON.stringify(args)).digest('hex')
const stamp = join(directory, 'node_modules', '.middy-registry-installed')

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
  console.log(`${directory}: dependencies already installed from its lockfile`)
} else {
  const { status } = spawnSync('npm', args, { stdio: 'inherit' })
  if (status !== 0) process.exit(status ?? 1)
  writeFileSync(stamp, wanted)
}
