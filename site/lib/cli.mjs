/**
 * The CLI reference, from the CLI's own help text: `middy-registry --help` names the
 * commands, and each command's `--help` is its section. Run from the sources (tsx), so the
 * page is the help of the code being documented.
 */
import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'

function help(repo, args) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--help'], { cwd: repo, encoding: 'utf8', timeout: 60_000 })
  if (result.status !== 0) throw new Error(`middy-registry ${args.join(' ')} --help exited ${result.status}: ${result.stderr}`)
  return result.stdout.trimEnd()
}

/** The commands the top-level help lists under "Commands:". */
export function commandsOf(text) {
  const section = /^Commands:\n((?: {2}\S+ .*\n?)+)/m.exec(text)
  if (!section) throw new Error('middy-registry --help lists no "Commands:"')
  return section[1]
    .split('\n')
    .filter(Boolean)
    .map((line) => line.trim().split(/\s+/)[0])
}

const run = promisify(execFile)
async function commandHelp(repo, command) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', command, '--help'], { cwd: repo, encoding: 'utf8', timeout: 60_000 })
  return stdout.trimEnd()
}

export async function cliReference(repo) {
  const top = help(repo, [])
  const commands = commandsOf(top)
  // Each command's help in its own process, all at once.
  const texts = await Promise.all(commands.map((command) => commandHelp(repo, command)))
  const sections = commands.map((command, index) => `## \`${command}\`\n\n\`\`\`text\n${texts[index]}\n\`\`\`\n`)
  return [
    '# CLI reference',
    '',
    '<!-- Generated at build time from `middy-registry <command> --help` (site/lib/cli.mjs). -->',
    '',
    'Every section below is the CLI’s own help text, captured when the site was built. See',
    '[Discovery](../docs/discovery.md) and [Registry as code](../docs/registry-as-code.md) for how the commands are used.',
    '',
    '```text',
    top,
    '```',
    '',
    ...sections,
  ].join('\n')
}
