/**
 * AppConfig through the AppConfig Agent Lambda extension, against an HTTP server on
 * loopback that answers as the agent documents: the configuration with its Content-Type
 * (200), or 404 when it has none.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { appConfig, registry } from '../../../src/index.js'
import { invoke, invokeFailing, testOptions } from '../helpers.js'
import { appConfigMock, resetAll } from '../mocks.js'

const ORDERS = { application: 'orders', environment: 'prod', profile: 'settings' } as const

type Answer = (request: IncomingMessage, response: ServerResponse) => void

interface FakeAgent {
  readonly port: number
  /** The path of every request, in order. */
  readonly paths: string[]
  answer: Answer
}

let servers: Server[] = []

/** An agent on 127.0.0.1 (an ephemeral port) that answers with `answer`. */
async function startAgent(answer: Answer): Promise<FakeAgent> {
  const agent = { port: 0, paths: [] as string[], answer }
  const server = createServer((request, response) => {
    agent.paths.push(request.url ?? '')
    agent.answer(request, response)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  agent.port = (server.address() as AddressInfo).port
  return agent
}

/** The agent's answer for a deployed configuration. */
const serving =
  (body: string, contentType = 'application/json'): Answer =>
  (_request, response) =>
    response.writeHead(200, { 'Content-Type': contentType, 'Configuration-Version': '1' }).end(body)

const status =
  (code: number): Answer =>
  (_request, response) =>
    response.writeHead(code, { 'Content-Type': 'text/plain' }).end('agent message that must never be quoted')

const savedEnv = { ...process.env }
beforeEach(() => resetAll())
afterEach(async () => {
  process.env = { ...savedEnv }
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  servers = []
})

const settingsThrough = (agent: FakeAgent, options: object = {}) =>
  registry({ fetch: { settings: appConfig(ORDERS, { agent: { port: agent.port }, ...options }) }, ...testOptions() })

describe('through the AppConfig Agent', () => {
  it('GETs the configuration from localhost and parses it by its Content-Type', async () => {
    const agent = await startAgent(serving('{"rps": 50}'))

    const context = await invoke(settingsThrough(agent))

    expect(context.settings).toEqual({ rps: 50 })
    expect(agent.paths).toEqual(['/applications/orders/environments/prod/configurations/settings'])
  })

  it('reads YAML and text as the Data API path does', async () => {
    const yaml = await startAgent(serving('rps: 50\n', 'application/x-yaml'))
    const text = await startAgent(serving('plain words', 'text/plain'))

    expect((await invoke(settingsThrough(yaml))).settings).toEqual({ rps: 50 })
    expect((await invoke(settingsThrough(text))).settings).toBe('plain words')
  })

  it('reads feature flags, and encodes names that hold a slash or a space', async () => {
    const agent = await startAgent(serving('{"checkout": {"enabled": true, "percentage": 20}}'))
    const location = { application: 'shop/orders', environment: 'prod eu', profile: 'flags' }

    const context = await invoke(registry({ fetch: { flags: appConfig.flags(location, { agent: { port: agent.port } }) }, ...testOptions() }))

    expect(context.flags).toEqual({ checkout: { enabled: true, percentage: 20 } })
    expect(agent.paths).toEqual(['/applications/shop%2Forders/environments/prod%20eu/configurations/flags'])
  })

  it('neither creates an SDK client nor calls the AppConfig Data API', async () => {
    const agent = await startAgent(serving('{}'))

    await invoke(settingsThrough(agent))

    expect(appConfigMock.calls()).toHaveLength(0)
  })

  it('asks the agent at every refresh: it polls AppConfig and caches itself', async () => {
    const agent = await startAgent(serving('{"rps": 50}'))
    const middleware = settingsThrough(agent)
    await invoke(middleware)

    await middleware.refresh('settings')

    expect(agent.paths).toHaveLength(2)
    expect(middleware.stats()).toMatchObject({ refreshes: 1, revalidations: 0 })
  })
})

describe('what the agent answers besides a configuration', () => {
  it('404 is ResourceNotFoundException, and undefined for an optional reference', async () => {
    const agent = await startAgent(status(404))

    const error = await invokeFailing(settingsThrough(agent))
    const context = await invoke(settingsThrough(agent, { optional: true }))

    expect(error.failures).toEqual([
      expect.objectContaining({ key: 'settings', source: 'appconfig', id: 'orders/prod/settings', code: 'ResourceNotFoundException' }),
    ])
    expect(context.settings).toBeUndefined()
  })

  it('another status is Http<status>, without the body', async () => {
    const agent = await startAgent(status(502))

    const error = await invokeFailing(settingsThrough(agent))

    expect(error.failures.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'Http502', message: 'the AppConfig Agent answered HTTP 502 for orders/prod/settings' },
    ])
    expect(error.message).not.toContain('never be quoted')
  })

  it('a failed or malformed answer keeps the last good value', async () => {
    const agent = await startAgent(serving('{"rps": 50}'))
    const middleware = settingsThrough(agent)
    await invoke(middleware)

    agent.answer = status(500)
    await expect(middleware.refresh('settings')).rejects.toThrow('Http500')
    agent.answer = serving('{"rps": ', 'application/json')
    await expect(middleware.refresh('settings')).rejects.toThrow('InvalidJSON')

    expect((await invoke(middleware)).settings).toEqual({ rps: 50 })
  })

  it('an agent that does not answer in time fails with Timeout at the request deadline', async () => {
    const agent = await startAgent(() => undefined)
    const started = Date.now()

    const error = await invokeFailing(
      registry({ fetch: { settings: appConfig(ORDERS, { agent: { port: agent.port } }) }, requestTimeout: 200, ...testOptions() }),
    )

    expect(error.failures[0]!.code).toBe('Timeout')
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('no agent listening is a NetworkError that asks for the extension layer', async () => {
    const agent = await startAgent(serving('{}'))
    await new Promise((resolve) => servers.pop()!.close(resolve))

    const error = await invokeFailing(settingsThrough(agent))

    expect(error.failures[0]!.code).toBe('NetworkError')
    expect(error.failures[0]!.message).toContain('is the AppConfig Agent Lambda extension layer added to the function?')
  })
})

describe('when the agent is used', () => {
  it("takes the port from AWS_APPCONFIG_EXTENSION_HTTP_PORT, the agent's variable", async () => {
    const agent = await startAgent(serving('{"rps": 50}'))
    process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT = String(agent.port)

    const context = await invoke(registry({ fetch: { settings: appConfig(ORDERS, { agent: true }) }, ...testOptions() }))

    expect(context.settings).toEqual({ rps: 50 })
  })

  it('is detected when the function sets one of the variables that configure it', async () => {
    const agent = await startAgent(serving('{"rps": 50}'))
    process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT = String(agent.port)
    process.env.AWS_APPCONFIG_EXTENSION_POLL_INTERVAL_SECONDS = '30'

    const context = await invoke(registry({ fetch: { settings: appConfig(ORDERS) }, ...testOptions() }))

    expect(context.settings).toEqual({ rps: 50 })
    expect(agent.paths).toHaveLength(1)
  })

  it('is not used with agent: false, whatever the variables say', async () => {
    const agent = await startAgent(serving('{"rps": 50}'))
    process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT = String(agent.port)

    await invokeFailing(registry({ fetch: { settings: appConfig(ORDERS, { agent: false }) }, ...testOptions() }))

    expect(agent.paths).toHaveLength(0)
    expect(appConfigMock.calls().length).toBeGreaterThan(0)
  })

  it("is refused for a registry's assumeRole: the agent reads with the function's role", async () => {
    const agent = await startAgent(serving('{}'))
    const assumeRole = { roleArn: 'arn:aws:iam::111111111111:role/registry-reader' }

    const error = await invokeFailing(registry({ fetch: { settings: appConfig(ORDERS, { agent: { port: agent.port } }) }, assumeRole, ...testOptions() }))

    expect(error.failures[0]!.code).toBe('AgentIgnoresRole')
    expect(agent.paths).toHaveLength(0)
  })
})
