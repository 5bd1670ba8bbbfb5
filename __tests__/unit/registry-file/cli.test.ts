/**
 * `middy-registry plan`, `apply` and `export` in-process, against mocked AWS clients:
 * exit codes a pipeline acts on, what is printed, and no secret in any output.
 */

import { readFile, writeFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersByPathCommand, GetParametersCommand, ListTagsForResourceCommand, PutParameterCommand } from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { run } from '../../../src/cli/run.js'
import { cli } from '../cli/fake-io.js'
import { awsError } from '../helpers.js'
import { resetAll, secretsMock, ssmMock, stsMock } from '../mocks.js'
import { tempDirectory } from '../publish/temp-file.js'

const KEY = 'sk_live_0f1e2d3c4b'
const REGION = ['--region', 'eu-west-1']
const FILE = `version: 1
stages:
  prod:
    services:
      orders:
        endpoint: https://orders.example.com
        apiKey: { fromEnv: ORDERS_KEY }
`
let directory: Awaited<ReturnType<typeof tempDirectory>>
let file: string
const plan = (...extra: string[]) => cli(['plan', '--file', file, ...REGION, ...extra], { env: { ORDERS_KEY: KEY } })
const apply = (...extra: string[]) => cli(['apply', '--file', file, ...REGION, ...extra], { env: { ORDERS_KEY: KEY } })

/** AWS holds the endpoint, and the API key with `key` as its value. */
function published(key: string) {
  ssmMock
    .on(GetParametersCommand)
    .resolves({ Parameters: [{ Name: '/orders/prod/endpoint', Value: 'https://orders.example.com', Type: 'String', Version: 4 }] })
  secretsMock.on(DescribeSecretCommand).resolves({ Tags: [] })
  secretsMock.on(GetSecretValueCommand).resolves({ SecretString: key })
}

beforeEach(async () => {
  resetAll()
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: '111111111111' })
  directory = await tempDirectory()
  file = directory.path('registry.yaml')
  await writeFile(file, FILE)
})
afterEach(() => directory.remove())

describe('middy-registry plan', () => {
  it('exits 0 and says so when AWS holds what the file says', async () => {
    published(KEY)
    const { code, stdout } = await plan()
    expect(code).toBe(0)
    expect(stdout).toBe(
      [
        `Plan for ${file} against AWS (eu-west-1, account 111111111111):`,
        '  stage prod',
        '    unchanged  parameter /orders/prod/endpoint',
        '    unchanged  secret orders/prod/api-key',
        'No changes: AWS already holds what the file says (2 entries).',
        '',
      ].join('\n'),
    )
  })

  it('exits 2 when apply would change something, saying a key changes without showing it', async () => {
    published('sk_live_previous')
    const { code, stdout } = await plan()
    expect(code).toBe(2)
    expect(stdout).toContain('    update     secret orders/prod/api-key  (new value)\n')
    expect(stdout).toContain('1 to update, 1 unchanged.')
    expect(stdout).not.toMatch(/sk_live/)
  })

  it('gives the plan as JSON with --json, without any secret', async () => {
    published('sk_live_previous')
    const { code, stdout, json } = await plan('--json')
    expect(code).toBe(2)
    expect(json()).toMatchObject({
      file,
      source: 'AWS (eu-west-1, account 111111111111)',
      changes: 1,
      missing: 0,
      entries: [{ action: 'unchanged' }, { kind: 'secret', action: 'update', tags: [] }],
    })
    expect(stdout).not.toMatch(/sk_live/)
  })

  it('exits 1 when a declared secret is missing, after printing the plan', async () => {
    await writeFile(file, 'version: 1\nstages:\n  prod:\n    secrets:\n      legacy/prod: { declared: true }\n')
    secretsMock.on(DescribeSecretCommand).rejects(awsError('ResourceNotFoundException'))
    const { code, stdout, stderr } = await plan()
    expect(code).toBe(1)
    expect(stdout).toContain('missing    secret legacy/prod  (the file declares it, and it does not exist)')
    expect(stderr).toContain('middy-registry: declared entries are not in AWS, and apply never writes them')
  })

  it('exits 1 when AWS cannot be read, scrubbing the secrets it read from the message', async () => {
    ssmMock.on(GetParametersCommand).rejects(awsError('AccessDeniedException', `denied while holding ${KEY}`))
    const { code, stderr } = await plan('--json')
    expect(code).toBe(1)
    expect(JSON.parse(stderr)).toEqual({
      error: {
        code: 'AccessDeniedException',
        message: 'ssm:GetParameters on /orders/prod/endpoint failed: AccessDeniedException: denied while holding ****',
        exitCode: 1,
      },
    })
  })

  it('exits 65 for an invalid file, naming the place in it', async () => {
    await writeFile(file, FILE.replace('https://orders', 'http://orders'))
    const { code, stderr } = await plan()
    expect(code).toBe(65)
    expect(stderr).toContain(`${file}: stages.prod.services.orders.endpoint must be an https URL`)
  })

  it('exits 65 when a variable the file names is not set', async () => {
    const { code, stderr } = await cli(['plan', '--file', file, ...REGION])
    expect(code).toBe(65)
    expect(stderr).toBe('middy-registry: these environment variables are not set, or are empty: ORDERS_KEY (for stages.prod.services.orders.apiKey)\n')
  })

  it('exits 64 without --file, or with an option that is not its own', async () => {
    expect((await cli(['plan', ...REGION])).code).toBe(64)
    expect((await cli(['plan', '--file', file, '--local', 'x.json'])).code).toBe(64)
  })

  it('asks for a { prompt: true } secret at the terminal', async () => {
    await writeFile(file, 'version: 1\nstages:\n  prod:\n    secrets:\n      db/prod: { prompt: true }\n')
    secretsMock.on(DescribeSecretCommand).resolves({ Tags: [] })
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: 'typed-at-terminal' })
    const questions: string[] = []
    let stdout = ''
    const io = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => undefined },
      env: {},
      stdin: Object.assign(Readable.from([]), { isTTY: true }),
      askSecret: async (question: string) => {
        questions.push(question)
        return 'typed-at-terminal'
      },
    }
    expect(await run(['plan', '--file', file, ...REGION], io)).toBe(0)
    expect(questions).toEqual(['secret db/prod (stages.prod.secrets["db/prod"]): '])
    expect(stdout).toContain('unchanged  secret db/prod')
  })
})

describe('middy-registry apply', () => {
  it('prints the versions it wrote', async () => {
    published('sk_live_previous')
    secretsMock.on(PutSecretValueCommand).resolves({ VersionId: 'v-2' })
    const { code, stdout } = await apply()
    expect(code).toBe(0)
    expect(stdout).toBe(
      [
        `Applied ${file} to AWS (eu-west-1, account 111111111111):`,
        '  updated  secret orders/prod/api-key (prod)  version v-2',
        '1 applied, 1 unchanged.',
        '',
      ].join('\n'),
    )
    expect(ssmMock.commandCalls(PutParameterCommand)).toHaveLength(0)
  })

  it('says when there is nothing to apply', async () => {
    published(KEY)
    const { code, stdout } = await apply()
    expect(code).toBe(0)
    expect(stdout).toBe(`Nothing to apply: AWS (eu-west-1, account 111111111111) already holds what ${file} says (2 entries unchanged).\n`)
  })

  it('exits 1 when a write fails, never printing the key', async () => {
    published('sk_live_previous')
    secretsMock.on(PutSecretValueCommand).rejects(awsError('AccessDeniedException', `cannot store ${KEY}`))
    const { code, stdout, stderr } = await apply()
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' })
    expect(stderr).toBe(
      'middy-registry: secretsmanager:PutSecretValue on orders/prod/api-key failed: AccessDeniedException: cannot store **** (nothing was applied yet)\n',
    )
  })
})

describe('middy-registry export', () => {
  beforeEach(() => {
    ssmMock.on(GetParametersByPathCommand).callsFake(({ Path }: { Path: string }) => ({
      Parameters:
        Path === '/'
          ? [
              { Name: '/orders/prod/endpoint', Type: 'String', Value: 'https://orders.example.com' },
              { Name: '/local/prod/endpoint', Type: 'String', Value: 'http://localhost:3000' },
            ]
          : [
              { Name: '/features/prod/hosts', Type: 'StringList', Value: 'a,b' },
              { Name: '/features/prod/db-password', Type: 'SecureString', Value: 'AQICAHciphertext' },
            ],
    }))
    ssmMock.on(ListTagsForResourceCommand).resolves({
      TagList: [
        { Key: 'team', Value: 'orders' },
        { Key: 'aws:cloudformation:stack-name', Value: 's' },
      ],
    })
    secretsMock.on(DescribeSecretCommand).callsFake(({ SecretId }: { SecretId: string }) => {
      if (SecretId === 'orders/prod/api-key') return {}
      throw awsError('ResourceNotFoundException')
    })
    secretsMock.on(ListSecretsCommand).resolves({ SecretList: [{ Name: 'db/prod' }, { Name: 'other/db/prod' }, { Name: 'db/old', DeletedDate: new Date() }] })
  })

  it('writes the stage as a file: services by the convention, secrets declared, no secret value read', async () => {
    const out = directory.path('exported.json')
    const { code, stdout } = await cli(['export', '--stage', 'prod', '--path', '/features/prod', '--secret-prefix', 'db/', '--file', out, ...REGION])
    expect(code).toBe(0)
    expect(stdout).toBe(`Exported stage prod from AWS (eu-west-1, account 111111111111) to ${out}: 2 services, 2 parameters, 1 secrets, 0 items.\n`)
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual({
      version: 1,
      stages: {
        prod: {
          services: {
            local: { endpoint: 'http://localhost:3000', allowInsecure: true, tags: { team: 'orders' } },
            orders: { endpoint: 'https://orders.example.com', apiKey: { declared: true }, tags: { team: 'orders' } },
          },
          parameters: { '/features/prod/db-password': { secure: { declared: true } }, '/features/prod/hosts': { value: ['a', 'b'], tags: { team: 'orders' } } },
          secrets: { 'db/prod': { declared: true } },
        },
      },
    })
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(0)
    expect(ssmMock.commandCalls(GetParametersByPathCommand).every((call) => call.args[0].input.WithDecryption === false)).toBe(true)
  })

  it('prints YAML on stdout with --format yaml', async () => {
    const { code, stdout } = await cli(['export', '--stage', 'prod', '--format', 'yaml', ...REGION])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^version: 1\nstages:\n {2}prod:\n {4}services:\n/)
  })

  it('warns about, and leaves out, an endpoint the file would refuse', async () => {
    ssmMock.on(GetParametersByPathCommand).resolves({ Parameters: [{ Name: '/broken/prod/endpoint', Type: 'String', Value: 'not a url' }] })
    const { code, stdout, stderr } = await cli(['export', '--stage', 'prod', ...REGION])
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toEqual({ version: 1, stages: { prod: {} } })
    expect(stderr).toBe(
      [
        'middy-registry: warning: the endpoint parameter /broken/prod/endpoint is not a valid URL; expected e.g. https://orders.example.com, so its service is left out (export its path to keep it as a parameter)',
        'middy-registry: exported stage prod from AWS (eu-west-1, account 111111111111)',
        '',
      ].join('\n'),
    )
  })

  it('exits 64 for a format it does not know, or --format beside --file', async () => {
    expect((await cli(['export', '--stage', 'prod', '--format', 'toml'])).code).toBe(64)
    expect((await cli(['export', '--stage', 'prod', '--format', 'json', '--file', 'x.yaml'])).code).toBe(64)
  })
})
