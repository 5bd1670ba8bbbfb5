/**
 * Debian's Chromium for the site's build (Mermaid diagrams) and its browser test: the one at
 * CHROMIUM_PATH or /usr/bin/chromium, installed with apt-get (as root or with `sudo -n`) when
 * missing. Never a browser download; when it cannot be installed the build fails, saying why.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** The flags a headless Chromium needs on a closed network, as root. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function chromiumPath() {
  const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (existsSync(wanted)) return wanted
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH is ${wanted}, which does not exist`)
  const root = process.getuid?.() === 0
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0
  if (!root && !sudo) throw new Error('the site needs Chromium (/usr/bin/chromium); install it: sudo apt-get install -y chromium, or set CHROMIUM_PATH')
  const apt = (args) => {
    const command = sudo ? 'sudo' : 'apt-get'
    const result = spawnSync(command, sudo ? ['-n', 'apt-get', ...args] : args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} exited ${result.status}`)
  }
  console.log('site: installing Debian’s chromium with apt-get')
  apt(['update', '-qq'])
  apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium'])
  if (!existsSync(wanted)) throw new Error(`apt-get installed chromium, but ${wanted} does not exist`)
  return wanted
}

/** Chromium through playwright-core (which gives it a fresh, empty profile of its own). */
export async function launch() {
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS.filter((flag) => flag !== '--headless') })
}
