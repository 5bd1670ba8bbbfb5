/**
 * An in-memory AppConfig Data service for aws-sdk-client-mock, behaving as AWS documents
 * it (moto has no AppConfig data plane): StartConfigurationSession gives an initial token
 * (ResourceNotFoundException for a configuration never deployed); each token is good for
 * one GetLatestConfiguration, which answers with the next token, the poll interval, and
 * the configuration, or an empty one when the session already received that version.
 * A spent, unknown or expired token is a BadRequestException.
 */
import { GetLatestConfigurationCommand, StartConfigurationSessionCommand } from '@aws-sdk/client-appconfigdata'
import { awsError } from './helpers.js'
import { appConfigMock } from './mocks.js'

interface Deployment {
  readonly content: string
  readonly contentType: string
  readonly version: number
}

interface Token {
  readonly location: string
  /** The version the session last received, if any. */
  readonly received?: number
  spent: boolean
}

/** The error AppConfig gives for a token it no longer accepts. */
export const tokenRefused = (problem: 'Expired' | 'Corrupted' = 'Expired') =>
  Object.assign(awsError('BadRequestException', 'Request failed due to invalid parameters'), {
    Reason: 'InvalidParameters',
    Details: { InvalidParameters: { ConfigurationToken: { Problem: problem } } },
  })

export class FakeAppConfig {
  private readonly deployments = new Map<string, Deployment>()
  private readonly tokens = new Map<string, Token>()
  private issued = 0
  /** NextPollIntervalInSeconds in every answer (AppConfig's default is 60). */
  pollInterval = 60
  /** The next GetLatestConfiguration fails with this, whatever its token. */
  failNextPoll?: Error
  /** The next GetLatestConfiguration answers without its NextPollConfigurationToken. */
  dropNextToken = false

  constructor() {
    appConfigMock.on(StartConfigurationSessionCommand).callsFake((input) => this.start(input))
    appConfigMock.on(GetLatestConfigurationCommand).callsFake((input) => this.latest(input))
  }

  /** Deploys a new version of `application/environment/profile`. */
  deploy(location: string, content: string, contentType = 'application/json'): void {
    const version = (this.deployments.get(location)?.version ?? 0) + 1
    this.deployments.set(location, { content, contentType, version })
  }

  /** Every token issued so far stops being accepted, as after 24 hours. */
  expireTokens(): void {
    for (const token of this.tokens.values()) token.spent = true
  }

  sessionsStarted = () => appConfigMock.commandCalls(StartConfigurationSessionCommand).length
  polls = () => appConfigMock.commandCalls(GetLatestConfigurationCommand).length
  /** The token each GetLatestConfiguration was sent with, in order. */
  tokensSent = () => appConfigMock.commandCalls(GetLatestConfigurationCommand).map((call) => call.args[0].input.ConfigurationToken)

  private issue(location: string, received?: number): string {
    const token = `token-${++this.issued}`
    this.tokens.set(token, { location, received, spent: false })
    return token
  }

  private start(input: { ApplicationIdentifier?: string; EnvironmentIdentifier?: string; ConfigurationProfileIdentifier?: string }) {
    const location = `${input.ApplicationIdentifier}/${input.EnvironmentIdentifier}/${input.ConfigurationProfileIdentifier}`
    if (!this.deployments.has(location)) throw awsError('ResourceNotFoundException', 'Requested resource not found')
    return { InitialConfigurationToken: this.issue(location) }
  }

  private latest(input: { ConfigurationToken?: string }) {
    const failure = this.failNextPoll
    this.failNextPoll = undefined
    if (failure) throw failure
    const token = this.tokens.get(input.ConfigurationToken ?? '')
    if (!token || token.spent) throw tokenRefused()
    token.spent = true
    const deployment = this.deployments.get(token.location)!
    const unchanged = token.received === deployment.version
    const next = this.dropNextToken ? undefined : this.issue(token.location, deployment.version)
    this.dropNextToken = false
    return {
      NextPollConfigurationToken: next,
      NextPollIntervalInSeconds: this.pollInterval,
      ContentType: deployment.contentType,
      Configuration: new TextEncoder().encode(unchanged ? '' : deployment.content),
    }
  }
}
