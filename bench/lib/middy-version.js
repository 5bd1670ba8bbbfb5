/**
 * Which Middy the benchmark runs on: 7 by default, 5 or 6 with `npm run bench -- --middy 6`
 * (or MIDDY_VERSION=6). The handlers import `@middy/core`, `@middy/ssm` and
 * `@middy/secrets-manager`; for another major, the child processes resolve those names to the
 * aliases package.json installs (`@middy-6/core`…, see lib/middy-alias-hook.js) and esbuild
 * bundles them through the same aliases.
 */
import { readFileSync } from 'node:fs'
import { benchDir } from './probe.js'

export const DEFAULT_MIDDY_MAJOR = 7
export const MIDDY_MAJORS = [5, 6, 7]

/**
 * The package each handler import resolves to, per major. @middy/secrets-manager has no
 * version 7 (its latest is 6.4.5): on Middy 7 the anchor is @middy/ssm 7 with
 * @middy/secrets-manager 6, whose middleware Middy 7 runs as it is. The aliases are scoped
 * (`@middy-5/*`, `@middy-6/*`, each with the `util` of its major) because @middy/ssm 5 and 6
 * import `../util/index.js`, a sibling folder, rather than `@middy/util`.
 */
const PACKAGES = {
  5: { '@middy/core': '@middy-5/core', '@middy/ssm': '@middy-5/ssm', '@middy/secrets-manager': '@middy-5/secrets-manager' },
  6: { '@middy/core': '@middy-6/core', '@middy/ssm': '@middy-6/ssm', '@middy/secrets-manager': '@middy/secrets-manager' },
  7: { '@middy/core': '@middy/core', '@middy/ssm': '@middy/ssm', '@middy/secrets-manager': '@middy/secrets-manager' },
}

/** The major chosen by `--middy N` in argv or MIDDY_VERSION, else 7. */
export function middyMajorOf(argv = process.argv, env = process.env) {
  const flag = argv.indexOf('--middy')
  const raw = flag >= 0 ? argv[flag + 1] : (env.BENCH_MIDDY_MAJOR ?? env.MIDDY_VERSION ?? String(DEFAULT_MIDDY_MAJOR))
  const major = Number(String(raw).split('.')[0])
  if (!MIDDY_MAJORS.includes(major)) throw new Error(`--middy / MIDDY_VERSION must be one of ${MIDDY_MAJORS.join(', ')} (got ${raw})`)
  return major
}

/** Handler import → installed package, only for the names that differ from the import. */
export function aliasesOf(major) {
  return Object.fromEntries(Object.entries(PACKAGES[major]).filter(([name, installed]) => name !== installed))
}

const versionOf = (installed) => JSON.parse(readFileSync(`${benchDir}node_modules/${installed}/package.json`, 'utf8')).version

/** `{ major, core, ssm, secretsManager }`: the installed versions the handlers run on. */
export function middyVersions(major) {
  const packages = PACKAGES[major]
  return {
    major,
    core: versionOf(packages['@middy/core']),
    ssm: versionOf(packages['@middy/ssm']),
    secretsManager: versionOf(packages['@middy/secrets-manager']),
  }
}

/** The line every section starts with. */
export const middyLine = ({ major, core, ssm, secretsManager }) =>
  `Middy ${major}: every handler runs on \`@middy/core\` ${core}; the Middy anchor is \`@middy/ssm\` ${ssm} + \`@middy/secrets-manager\` ${secretsManager}${secretsManager.split('.')[0] !== String(major) ? ` (no @middy/secrets-manager ${major} is published)` : ''}.`
