import { sdk } from '#sdk/appconfigdata'
import { command, registerSdk } from '../../aws/sdk.js'
import { withClient } from '../../aws/with-client.js'
import type { AwsClient } from '../../core/client-scope.js'
import { registerDecoder } from '../../core/decode.js'
import { type FetchFailed, failureFromError, invalidResponse, type Outcome, type RawPayload, revalidated } from '../../core/outcome.js'
import type { FetchRequest, Source } from '../../core/reference.js'
import { mergeResults } from '../../core/source.js'
import { fetchFromAgent } from './agent.js'
import { configurationFrom, decodeConfiguration, type RawConfiguration } from './decode.js'
import { dropSession, type Session, sessionOf, startedSession } from './session.js'

// This source's SDK client: loaded, and bundled, only where a declaration uses it.
registerSdk(sdk)
registerDecoder<RawConfiguration>('configuration', decodeConfiguration)

interface StartConfigurationSessionOutput {
  InitialConfigurationToken?: string
}

interface GetLatestConfigurationOutput {
  NextPollConfigurationToken?: string
  NextPollIntervalInSeconds?: number
  ContentType?: string
  Configuration?: Uint8Array
}

const utf8 = new TextDecoder()

/**
 * What an answer without a configuration means: the last one still holds. When the cache
 * holds it, that is a revalidation; when it does not (the fetch that brought it timed out
 * after AppConfig answered), the last answer is the value.
 */
const stillHolds = (latest: Outcome, previous: RawPayload | undefined): Outcome => (latest.ok && latest.raw === previous ? revalidated(previous) : latest)

async function startSession(client: AwsClient, { fetchKey, reference }: FetchRequest): Promise<Session | FetchFailed> {
  const { application, environment, profile } = reference.options
  const input = { ApplicationIdentifier: application, EnvironmentIdentifier: environment, ConfigurationProfileIdentifier: profile }
  try {
    const output = (await client.send(await command('appconfigdata', 'StartConfigurationSessionCommand', input))) as StartConfigurationSessionOutput
    if (!output.InitialConfigurationToken) return invalidResponse(`StartConfigurationSession for ${reference.id} answered without an InitialConfigurationToken`)
    return startedSession(fetchKey, output.InitialConfigurationToken, Date.now())
  } catch (error) {
    return failureFromError(error)
  }
}

/** One GetLatestConfiguration with the session's token; the session moves on to the token it answers with. */
async function poll(client: AwsClient, { fetchKey, reference, previous }: FetchRequest, session: Session): Promise<Outcome> {
  let output: GetLatestConfigurationOutput
  try {
    output = (await client.send(
      await command('appconfigdata', 'GetLatestConfigurationCommand', { ConfigurationToken: session.token }),
    )) as GetLatestConfigurationOutput
  } catch (error) {
    // Whether AppConfig spent the token is unknown: the next fetch starts a new session.
    dropSession(fetchKey, session)
    return failureFromError(error)
  }
  if (!output?.NextPollConfigurationToken) {
    dropSession(fetchKey, session)
    return invalidResponse(`GetLatestConfiguration for ${reference.id} answered without a NextPollConfigurationToken`)
  }
  const now = Date.now()
  const initial = session.initial
  Object.assign(session, {
    token: output.NextPollConfigurationToken,
    issuedAt: now,
    nextPollAt: now + (output.NextPollIntervalInSeconds ?? 0) * 1000,
    initial: false,
  })
  // Empty: unchanged since the session's last answer. A session's first answer is always whole.
  if (!initial && session.latest && !output.Configuration?.length) return stillHolds(session.latest, previous)
  session.latest = await configurationFrom(utf8.decode(output.Configuration ?? new Uint8Array()), output.ContentType, reference)
  return session.latest
}

/**
 * The entry's configuration through its session: started once, then polled with the token
 * each answer gives, never before AppConfig's poll interval (until then the last answer
 * holds). A token AppConfig refuses (BadRequestException: expired or corrupted) is
 * replaced by one new session, once.
 */
async function readConfiguration(client: AwsClient, request: FetchRequest): Promise<Outcome> {
  const now = Date.now()
  const current = sessionOf(request.fetchKey, now)
  if (current?.latest && now < current.nextPollAt) return stillHolds(current.latest, request.previous)
  const session = current ?? (await startSession(client, request))
  if ('ok' in session) return session
  const outcome = await poll(client, request, session)
  if (outcome.ok || outcome.code !== 'BadRequestException' || !current) return outcome
  const fresh = await startSession(client, request)
  return 'ok' in fresh ? fresh : poll(client, request, fresh)
}

const readThroughSdk: Source = withClient((client, requests) =>
  Promise.all(requests.map(async (request) => new Map([[request.fetchKey, await readConfiguration(client, request)]]))),
)

/**
 * AWS AppConfig: each entry through the AppConfig Agent on localhost or through the
 * AppConfig Data API (one session per entry, no batch call), all at once. Only the API
 * needs an SDK client: a function that reads through the agent alone never creates one.
 */
export const fetchFromAppConfig: Source = async (requests, signal) => {
  const throughAgent = requests.filter(({ reference }) => reference.options.agentPort !== undefined)
  const throughSdk = requests.filter(({ reference }) => reference.options.agentPort === undefined)
  return mergeResults(
    await Promise.all([
      throughAgent.length > 0 ? fetchFromAgent(throughAgent, signal) : new Map<string, Outcome>(),
      throughSdk.length > 0 ? readThroughSdk(throughSdk, signal) : new Map<string, Outcome>(),
    ]),
  )
}
