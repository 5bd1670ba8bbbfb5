/**
 * The AppConfig Agent Lambda extension: a process beside the function that polls AppConfig
 * itself and answers `GET /applications/{app}/environments/{env}/configurations/{profile}`
 * on localhost with the configuration and its `Content-Type` (404 when there is none).
 * Nothing signals the extension's presence by default: it is chosen with `agent`, or
 * assumed when the function sets one of the variables that configure it.
 */
import { DEFAULT_REQUEST_TIMEOUT } from '../../core/deadline.js'
import { failed, failureFromError, NETWORK_ERROR, type Outcome } from '../../core/outcome.js'
import { InputError } from '../../core/problem.js'
import type { FetchRequest, Reference } from '../../core/reference.js'
import { isObject } from '../../core/values.js'
import { configurationFrom } from './decode.js'

/** The agent's port unless `AWS_APPCONFIG_EXTENSION_HTTP_PORT` says otherwise. */
export const DEFAULT_AGENT_PORT = 2772
export const AGENT_PORT_ENV = 'AWS_APPCONFIG_EXTENSION_HTTP_PORT'
/** The prefix of the variables that configure the extension (port, poll interval, prefetch list, role…). */
const AGENT_ENV_PREFIX = 'AWS_APPCONFIG_EXTENSION_'

export const isPort = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65_535

function portFromEnv(caller: string, env: NodeJS.ProcessEnv): number | undefined {
  const text = env[AGENT_PORT_ENV]
  if (text === undefined || text === '') return undefined
  const port = Number(text)
  if (!/^\d+$/.test(text) || !isPort(port)) throw new InputError(caller, `the environment variable ${AGENT_PORT_ENV} must be a port number from 1 to 65535`)
  return port
}

/**
 * The agent's port for a reference's `agent` option, or undefined to read through the
 * AppConfig Data API. Unset, the agent is used when a variable that configures it is set
 * (the extension sets none itself, so `agent: true` is the way to say it is there).
 */
export function agentPortOf(caller: string, agent: unknown, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (agent === false) return undefined
  const detected = agent === undefined && Object.keys(env).some((name) => name.startsWith(AGENT_ENV_PREFIX) && env[name] !== '')
  if (agent === undefined && !detected) return undefined
  const chosen = isObject(agent) ? agent.port : undefined
  return (chosen as number | undefined) ?? portFromEnv(caller, env) ?? DEFAULT_AGENT_PORT
}

function agentUrl({ options }: Reference): string {
  const { application, environment, profile, agentPort } = options as { application: string; environment: string; profile: string; agentPort: number }
  // A name may hold a slash: the agent wants it encoded.
  const [app, env, name] = [application, environment, profile].map(encodeURIComponent)
  return `http://localhost:${agentPort}/applications/${app}/environments/${env}/configurations/${name}`
}

/** fetch() hides the socket's error in `cause`; a refused connection usually means the extension is not there. */
function transportFailure(error: unknown, reference: Reference): Outcome {
  const cause = (error as { cause?: unknown }).cause
  const failure = failureFromError(isObject(cause) && typeof cause.code === 'string' ? cause : error)
  if (failure.code !== NETWORK_ERROR) return failure
  const hint = `the AppConfig Agent on localhost:${reference.options.agentPort} did not answer for ${reference.id}: is the AppConfig Agent Lambda extension layer added to the function?`
  return failed(NETWORK_ERROR, `${failure.message}; ${hint}`, failure.detail)
}

/** One configuration from the agent, with the fetch's deadline; its body is parsed by its content type. */
async function askAgent({ reference, scope }: FetchRequest, signal: AbortSignal): Promise<Outcome> {
  // The agent reads with the function's own role (or the one its variables name), never the registry's.
  if (scope.credentials) {
    return failed('AgentIgnoresRole', `${reference.id} is read through the AppConfig Agent, which does not take assumeRole: read it with agent: false`)
  }
  try {
    const response = await fetch(agentUrl(reference), { signal })
    if (response.status !== 200) {
      // The body is the agent's message: it is not read, so it cannot be quoted.
      await response.body?.cancel()
      return response.status === 404
        ? failed('ResourceNotFoundException', `the AppConfig Agent has no configuration ${reference.id}`)
        : failed(`Http${response.status}`, `the AppConfig Agent answered HTTP ${response.status} for ${reference.id}`)
    }
    const text = await response.text()
    return await configurationFrom(text, response.headers.get('content-type') ?? undefined, reference)
  } catch (error) {
    return transportFailure(error, reference)
  }
}

/** Every request to the agent at once: it answers from its own cache, on the same host. */
export async function fetchFromAgent(requests: readonly FetchRequest[], signal?: AbortSignal): Promise<Map<string, Outcome>> {
  // The cache always passes its deadline; a caller that does not still gets one.
  const deadline = signal ?? AbortSignal.timeout(DEFAULT_REQUEST_TIMEOUT)
  const outcomes = await Promise.all(requests.map(async (request) => [request.fetchKey, await askAgent(request, deadline)] as const))
  return new Map(outcomes)
}
