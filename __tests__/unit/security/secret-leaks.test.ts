/**
 * Secret values must never leave the context: not in errors (message, stack, causes),
 * events, stats, logs, JSON.stringify(context) or util.inspect(context). Each scenario
 * resolves or fails with distinctive values and scans everything it can observe.
 */

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { BatchGetSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { type RegistryEvent, registry, retryOnAuthFailure, secret, ssm } from '../../../src/index.js'
import { awsError, getParametersFrom, invoke, testOptions } from '../helpers.js'
import { resetAll, secretsMock, ssmMock, stsMock } from '../mocks.js'

const CANARY = 'CANARY-7d1e0f-secret'
const CANARY_JSON = `{"password":"${CANARY}-json"`
const ROLE = 'arn:aws:iam::111111111111:role/registry-reader'

/** Everything an error exposes: message, stack, failures and the whole cause chain. */
function exposedBy(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 10) return inspect(error, { depth: 10 })
  const { message, stack, name } = error
  const extra = JSON.stringify(error, (_key, value) => (typeof value === 'bigint' ? String(value) : value))
  return [name, message, stack, extra, inspect(error, { depth: 10 }), exposedBy((error as { cause?: unknown }).cause, depth + 1)].join('\n')
}

describe('secret values never appear outside the context', () => {
  let events: RegistryEvent[]
  let printed: string[]
  const onEvent = (event: RegistryEvent) => events.push(event)

  beforeEach(() => {
    resetAll()
    events = []
    printed = []
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(inspect(args)))
    }
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      printed.push(String(chunk))
      return true
    })
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      printed.push(String(chunk))
      return true
    })
  })
  afterEach(() => {
    jest.restoreAllMocks()
  })

  function expectNoLeak(...observed: unknown[]) {
    const everything = [...observed.map((item) => exposedBy(item)), JSON.stringify(events), ...printed, JSON.stringify(process.env)].join('\n')
    expect(everything).not.toContain(CANARY)
  }

  async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
    const error = await run().then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(Error)
    return error
  }

  it('keeps resolved secrets out of JSON.stringify, util.inspect, stats and events', async () => {
    secretsMock.on(BatchGetSecretValueCommand).resolves({
      SecretValues: [
        { Name: 'api-key', SecretString: CANARY },
        { Name: 'db', SecretString: `{"password":"${CANARY}-db"}` },
        { Name: 'cert', SecretBinary: new TextEncoder().encode(CANARY) },
      ],
    })
    const middleware = registry({ fetch: { key: secret('api-key'), db: secret.json('db'), cert: secret.binary('cert') }, onEvent, ...testOptions() })
    const context = await invoke(middleware)
    expect(context.key).toBe(CANARY)
    expectNoLeak(JSON.stringify(context), inspect(context), inspect(context, { depth: 10 }), JSON.stringify(middleware.stats()))
  })

  it('keeps a SecureString parameter out of JSON.stringify and util.inspect', async () => {
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/db/password': { Value: CANARY, Type: 'SecureString' } }))
    const context = await invoke(registry({ fetch: { password: ssm('/db/password') }, onEvent, ...testOptions() }))
    expect(context.password).toBe(CANARY)
    expectNoLeak(JSON.stringify(context), inspect(context, { depth: 10 }))
  })

  it('leaks nothing when other keys are missing or denied', async () => {
    secretsMock.on(BatchGetSecretValueCommand).resolves({
      SecretValues: [{ Name: 'api-key', SecretString: CANARY }],
      Errors: [{ SecretId: 'db', ErrorCode: 'AccessDeniedException', Message: 'not authorized' }],
    })
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({}))
    const error = await failureOf(() =>
      invoke(registry({ fetch: { key: secret('api-key'), db: secret('db'), url: ssm('/missing') }, onEvent, ...testOptions() })),
    )
    expectNoLeak(error)
  })

  it('leaks nothing when a secret is not valid JSON', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ Name: 'db', SecretString: CANARY_JSON })
    expectNoLeak(await failureOf(() => invoke(registry({ fetch: { db: secret.json('db') }, onEvent, ...testOptions() }))))
  })

  it('leaks nothing when a SecureString JSON parameter is not valid JSON', async () => {
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/db/config': { Value: CANARY_JSON, Type: 'SecureString' } }))
    expectNoLeak(await failureOf(() => invoke(registry({ fetch: { db: ssm.json('/db/config') }, onEvent, ...testOptions() }))))
  })

  it('leaks nothing when a secret has the wrong type', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ Name: 'cert', SecretString: CANARY })
    expectNoLeak(await failureOf(() => invoke(registry({ fetch: { cert: secret.binary('cert') }, onEvent, ...testOptions() }))))
  })

  it('leaks nothing through throttling, stale serving and a failed refresh()', async () => {
    secretsMock.on(GetSecretValueCommand).resolvesOnce({ Name: 'api-key', SecretString: CANARY }).rejects(awsError('ThrottlingException', 'Rate exceeded'))
    const middleware = registry({ fetch: { key: secret('api-key') }, cacheExpiry: 0, onEvent, ...testOptions() })
    const context = await invoke(middleware)
    const stale = await invoke(middleware)
    const refreshError = await failureOf(() => middleware.refresh('key'))
    const retryError = await failureOf(() =>
      retryOnAuthFailure(middleware, context, 'key', () => Promise.reject(Object.assign(new Error('401'), { status: 401 }))),
    )
    expect(events.map((event) => event.type)).toContain('stale-served')
    expectNoLeak(refreshError, retryError, JSON.stringify(stale), JSON.stringify(middleware.stats()))
  })

  it('keeps secrets out of what refresh() returns, even under util.inspect with showHidden', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ Name: 'api-key', SecretString: CANARY })
    const middleware = registry({ fetch: { key: secret('api-key') }, onEvent, ...testOptions() })
    const refreshed = await middleware.refresh('key')
    expect(refreshed.key).toBe(CANARY)
    expectNoLeak(inspect(refreshed, { showHidden: true, depth: 10 }), JSON.stringify(refreshed), JSON.stringify({ ...refreshed }))
  })

  it('keeps a secret hidden on the context after retryOnAuthFailure put its new value there', async () => {
    secretsMock.on(GetSecretValueCommand).resolvesOnce({ Name: 'api-key', SecretString: 'old-key' }).resolves({ Name: 'api-key', SecretString: CANARY })
    const middleware = registry({ fetch: { key: secret('api-key') }, onEvent, ...testOptions() })
    const context = await invoke(middleware)
    const seen = await retryOnAuthFailure(middleware, context, 'key', (key) =>
      key === 'old-key' ? Promise.reject(Object.assign(new Error('401'), { status: 401 })) : key,
    )
    expect([seen, context.key]).toEqual([CANARY, CANARY])
    expectNoLeak(inspect(context, { showHidden: true, depth: 10 }), JSON.stringify(context), Object.keys(context))
  })

  it('leaks nothing when an answer cut short would have quoted the secret in a parser error', async () => {
    const parserError = Object.assign(new SyntaxError(`Unexpected end of JSON input: {"SecretString":"${CANARY}`), { $metadata: { httpStatusCode: 200 } })
    secretsMock.on(GetSecretValueCommand).rejects(parserError)
    const error = await failureOf(() => invoke(registry({ fetch: { key: secret('api-key') }, onEvent, ...testOptions() })))
    expect(error).toMatchObject({ failures: [expect.objectContaining({ code: 'InvalidResponse' })] })
    expectNoLeak(error)
  })

  it('leaks nothing when the role is refused', async () => {
    stsMock.on(AssumeRoleCommand).rejects(awsError('AccessDenied', `not authorized to perform: sts:AssumeRole on resource: ${ROLE}`))
    expectNoLeak(await failureOf(() => invoke(registry({ fetch: { key: secret('api-key') }, assumeRole: { roleArn: ROLE }, onEvent, ...testOptions() }))))
  })

  it('leaks nothing from a local registry file that is not valid JSON', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'leak-')), 'registry.json')
    writeFileSync(file, `{ "secrets": { "api-key": "${CANARY}" `)
    expectNoLeak(await failureOf(() => invoke(registry({ fetch: { key: secret('api-key') }, local: file, onEvent, prefetch: false }))))
  })

  it('leaks nothing when an option is given a secret by mistake', () => {
    // Names and ids are locators, and their errors quote them; options and values never are.
    const errors = [
      (() => {
        try {
          secret('db/prod', { versionId: `${CANARY} pasted as a version` })
        } catch (error) {
          return error
        }
      })(),
      (() => {
        try {
          ssm('/orders/prod/endpoint', { decrypt: CANARY as never })
        } catch (error) {
          return error
        }
      })(),
      (() => {
        try {
          registry({ fetch: { key: `${CANARY}-value` } } as never)
        } catch (error) {
          return error
        }
      })(),
    ]
    expect(errors.every((error) => error instanceof TypeError)).toBe(true)
    expectNoLeak(...errors)
  })
})
