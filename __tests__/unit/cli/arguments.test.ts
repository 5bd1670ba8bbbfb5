import { describe, expect, it } from '@jest/globals'
import { cli } from './fake-io.js'

const PUBLISH = ['publish', '--service', 'orders', '--stage', 'prod', '--endpoint', 'https://orders.example.com', '--local', '/nonexistent/registry.json']

describe('usage errors exit 64 with a message on stderr and nothing on stdout', () => {
  it.each([
    [[], 'Usage: middy-registry <command>'],
    [['deploy'], 'middy-registry: unknown command "deploy"'],
    [['publish', '--servise', 'orders'], 'middy-registry: unknown option --servise'],
    [['get', '--stage', 'prod', '--local', 'x.json'], 'middy-registry: missing --service'],
    [['get', '--service', 'orders', '--local', 'x.json'], 'middy-registry: missing --stage (or set MIDDY_REGISTRY_STAGE)'],
    [['get', '--service'], 'middy-registry: option --service needs a value'],
    [['list', '--stage', 'prod', '--json=yes'], 'middy-registry: option --json takes no value'],
    [[...PUBLISH, '--tag', 'team'], 'middy-registry: --tag takes KEY=VALUE'],
    [[...PUBLISH, '--tag', 'team=a', '--tag', 'team=b'], 'middy-registry: --tag team is given twice'],
    [['get', '--service', 'orders', '--stage', 'prod', '--local', 'x.json', '--role-arn', 'arn:aws:iam::111111111111:role/r'], '--local uses a file'],
    [['get', '--service', 'orders', '--stage', 'prod', '--external-id', 'e1'], '--external-id goes with --role-arn'],
  ])('%j', async (argv, message) => {
    const { code, stdout, stderr } = await cli(argv)
    expect({ code, stdout }).toEqual({ code: 64, stdout: '' })
    expect(stderr).toContain(message)
  })

  it('points to the command’s help', async () => {
    expect((await cli(['get', '--stage', 'prod'])).stderr).toContain('Run middy-registry get --help for usage.')
  })

  it('reports a usage error as JSON on stderr with --json', async () => {
    const { code, stderr } = await cli(['get', '--stage', 'prod', '--json'])
    expect(code).toBe(64)
    expect(JSON.parse(stderr)).toEqual({ error: { code: 'UsageError', message: 'missing --service', exitCode: 64 } })
  })
})

describe('values in the wrong place are never echoed: they may be keys', () => {
  const KEY = 'sk_live_4f9a8b7c6d5e'

  it('refuses --api-key, pointing to the safe ways, without repeating its value', async () => {
    for (const argv of [
      [...PUBLISH, '--api-key', KEY],
      [...PUBLISH, `--api-key=${KEY}`],
      [...PUBLISH, '--token', KEY],
    ]) {
      const { code, stderr } = await cli(argv)
      expect(code).toBe(64)
      expect(stderr).toContain('use --api-key-from-env VAR or --api-key-stdin')
      expect(stderr).not.toContain(KEY)
    }
  })

  it('does not quote a stray positional argument', async () => {
    const { code, stderr } = await cli([...PUBLISH, KEY])
    expect(code).toBe(64)
    expect(stderr).toContain('unexpected argument: every value goes after its option')
    expect(stderr).not.toContain(KEY)
  })

  it('does not quote an unknown command that does not look like one', async () => {
    const { stderr } = await cli([KEY])
    expect(stderr).toContain('middy-registry: unknown command\n')
    expect(stderr).not.toContain(KEY)
  })

  it('does not quote a key given where a variable name belongs', async () => {
    const { code, stderr } = await cli([...PUBLISH, '--api-key-from-env', 'sk-live-4f9a8b7c6d5e'])
    expect(code).toBe(64)
    expect(stderr).toContain('--api-key-from-env takes the name of an environment variable')
    expect(stderr).not.toContain('4f9a8b7c6d5e')
  })
})

describe('help', () => {
  it('prints the commands and exit codes on stdout for --help', async () => {
    const { code, stdout } = await cli(['--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/publish .*\n.*get .*\n.*list .*\n.*diff /)
    expect(stdout).toContain('65  invalid input')
  })

  it.each(['publish', 'get', 'list', 'diff'])('prints the options of %s for --help, ignoring everything else', async (command) => {
    const { code, stdout } = await cli([command, '--bogus', '--help'])
    expect(code).toBe(0)
    expect(stdout).toContain(`Usage: middy-registry ${command}`)
    expect(stdout).toContain('--local FILE')
  })

  it('prints the package version for --version', async () => {
    const { code, stdout } = await cli(['--version'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/)
  })
})
