/**
 * An in-memory Secrets Manager with versions, answering as AWS does: each put() makes a new
 * version labelled AWSCURRENT (the one before becomes AWSPREVIOUS); GetSecretValue reads a
 * label or a version id, BatchGetSecretValue the current versions, DescribeSecret lists the
 * labelled versions and the next rotation, never a value.
 */
import {
  BatchGetSecretValueCommand,
  type BatchGetSecretValueCommandInput,
  DescribeSecretCommand,
  type DescribeSecretCommandInput,
  type DescribeSecretCommandOutput,
  GetSecretValueCommand,
  type GetSecretValueCommandInput,
} from '@aws-sdk/client-secrets-manager'
import { expect, jest } from '@jest/globals'
import { type FetchMap, type RegistryEvent, type RegistryStats, registry, type SecretOptions, secret } from '../../src/index.js'
import { awsError, contextHandler, eventually, secretArn, testOptions } from './helpers.js'
import { secretsMock } from './mocks.js'

interface Version {
  readonly id: string
  readonly value: string
}

export interface VersionedSecrets {
  /** Writes a new version, as PutSecretValue does; returns its id. */
  put(name: string, value: string): string
  /** The version that carries a label now. */
  versionOf(name: string, stage?: string): string
  /** Makes DescribeSecret report a rotation schedule for one secret. */
  rotatesAt(name: string, date: Date): void
  /** DescribeSecret's answer, for a test that wraps it. */
  describe(input: DescribeSecretCommandInput): Promise<DescribeSecretCommandOutput>
}

let versionCount = 0
// Version ids as AWS makes them: UUIDs, which `versionId` accepts.
const nextVersionId = () => `00000000-0000-4000-8000-${String(++versionCount).padStart(12, '0')}`

const notFound = () => awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")

/** Serves GetSecretValue, BatchGetSecretValue and DescribeSecret from `values` (name → first value); DescribeSecret answers once `held` resolves. */
export function serveVersionedSecrets(values: Record<string, string>, held?: Promise<void>): VersionedSecrets {
  const secrets = new Map<string, Version[]>()
  const rotations = new Map<string, Date>()
  const versionsOf = (id: string) => {
    const versions = secrets.get(id)
    if (!versions) throw notFound()
    return versions
  }
  const labelled = (versions: readonly Version[], stage: string) =>
    stage === 'AWSCURRENT' ? versions.at(-1) : stage === 'AWSPREVIOUS' ? versions.at(-2) : undefined
  const answer = (name: string, { id, value }: Version) => ({ Name: name, ARN: secretArn(name), VersionId: id, SecretString: value })
  const put = (name: string, value: string) => {
    const version = { id: nextVersionId(), value }
    secrets.set(name, [...(secrets.get(name) ?? []), version])
    return version.id
  }
  for (const [name, value] of Object.entries(values)) put(name, value)

  secretsMock.on(GetSecretValueCommand).callsFake(({ SecretId = '', VersionId, VersionStage }: GetSecretValueCommandInput) => {
    const versions = versionsOf(SecretId)
    const version = VersionId ? versions.find(({ id }) => id === VersionId) : labelled(versions, VersionStage ?? 'AWSCURRENT')
    if (!version) throw notFound()
    return answer(SecretId, version)
  })
  secretsMock.on(BatchGetSecretValueCommand).callsFake(({ SecretIdList = [] }: BatchGetSecretValueCommandInput) => ({
    SecretValues: SecretIdList.filter((id) => secrets.has(id)).map((id) => answer(id, versionsOf(id).at(-1)!)),
    Errors: SecretIdList.filter((id) => !secrets.has(id)).map((SecretId) => ({ SecretId, ErrorCode: 'ResourceNotFoundException', Message: 'not found' })),
  }))
  const describe = async ({ SecretId = '' }: DescribeSecretCommandInput): Promise<DescribeSecretCommandOutput> => {
    await held
    const versions = versionsOf(SecretId)
    const stages = Object.fromEntries(
      ['AWSCURRENT', 'AWSPREVIOUS'].flatMap((stage) => {
        const version = labelled(versions, stage)
        return version ? [[version.id, [stage]]] : []
      }),
    )
    const rotation = rotations.get(SecretId)
    const schedule = rotation ? { RotationEnabled: true, NextRotationDate: rotation } : {}
    return { $metadata: {}, Name: SecretId, ARN: secretArn(SecretId), VersionIdsToStages: stages, ...schedule }
  }
  secretsMock.on(DescribeSecretCommand).callsFake(describe)

  return {
    put,
    versionOf: (name, stage = 'AWSCURRENT') => labelled(versionsOf(name), stage)!.id,
    rotatesAt: (name, date) => rotations.set(name, date),
    describe,
  }
}

export const describeCalls = () => secretsMock.commandCalls(DescribeSecretCommand).map((call) => call.args[0].input.SecretId)
export const getCalls = () => secretsMock.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)
export const batchCalls = () => secretsMock.commandCalls(BatchGetSecretValueCommand).map((call) => call.args[0].input.SecretIdList)

export const MINUTE = 60_000

/** The context key of a secret name: its first segment (`orders/key` → `orders`). */
export const keyOf = (name: string) => name.slice(0, name.indexOf('/'))

/** One secret() per name, under its key. */
export const secretsOf = (names: readonly string[], options: SecretOptions = {}) =>
  Object.fromEntries(names.map((name) => [keyOf(name), secret(name, options)]))

/** A handler over `fetch` whose entries expire after a minute, with the events it emitted. */
export function minuteHandler<F extends FetchMap>(fetch: F) {
  const events: RegistryEvent[] = []
  const middleware = registry({ fetch, cacheExpiry: MINUTE, onEvent: (event) => events.push(event), ...testOptions() })
  return { middleware, events, invoke: contextHandler(middleware) }
}

/** What the helpers below need of a handler. */
interface Handler {
  readonly middleware: { stats(): RegistryStats }
  invoke(): Promise<unknown>
}

/** Invokes once, then forgets the calls of that warm-up, so that a test counts only what refreshes send. */
export async function warmedUp<H extends Handler>(handler: H): Promise<H> {
  await handler.invoke()
  secretsMock.resetHistory()
  return handler
}

/** Lets the entries expire, invokes (served stale, refreshed in the background) and waits until `settled` keys have settled in all. */
export async function expireAndRefresh(handler: Handler, settled: number): Promise<void> {
  jest.setSystemTime(Date.now() + MINUTE)
  await handler.invoke()
  const count = () => {
    const { refreshes, revalidations, errors } = handler.middleware.stats()
    return refreshes + revalidations + errors
  }
  expect(await eventually(() => count() === settled)).toBe(true)
}
