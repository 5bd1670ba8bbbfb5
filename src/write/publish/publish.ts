/**
 * `publishService()`: the remote service's side of discovery. It writes its endpoint (and
 * API key) where the naming convention says callers' `service()` references will look,
 * so that callers find a new endpoint once their cached one expires.
 */
import { quote } from '../../core/describe.js'
import { PublishInputError } from '../../core/problem.js'
import type { AssumeRoleOptions } from '../../core/role.js'
import type { DesiredParameter, DesiredSecret } from '../../registry-file/entries.js'
import { type EntryNames, entryNamesOf } from '../../services/entry-names.js'
import type { Convention } from '../../services/service.js'
import { pathsOf, type SnapshotLocation, snapshotPaths } from '../engine/snapshot.js'
import { type WriteStep, type Written, writeSteps } from '../engine/write.js'
import { storeFor } from '../store/choose.js'
import { PublishError } from '../store/publish-error.js'
import type { RegistryAccess, RegistryStore } from '../store/store.js'
import { checkAccess, checkApiKey, checkEndpoint, checkSnapshot, checkTags } from './validate.js'

export interface PublishServiceOptions {
  /** The service's name, as callers declare it: `service('orders')`. */
  service: string
  /** The stage it is published for (`prod`, `staging`…). */
  stage: string
  /** Where callers reach it: an https URL (any URL with `allowInsecure`). */
  endpoint: string
  /**
   * The API key callers send; written to Secrets Manager when given.
   * @defaultValue none: no secret is written
   */
  apiKey?: string
  /**
   * Tags for the endpoint parameter and the secret (added or replaced, never removed).
   * @defaultValue none
   */
  tags?: Record<string, string>
  /**
   * Accept an endpoint that is not https (e.g. a local test server).
   * @defaultValue `false`
   */
  allowInsecure?: boolean
  /**
   * Templates for the entries' names; must match the callers' convention.
   * @defaultValue `{ endpoint: '/{service}/{stage}/endpoint', apiKey: '{service}/{stage}/api-key' }` (`DEFAULT_CONVENTION`)
   */
  convention?: Convention
  /**
   * Write through this role, e.g. into a central account's registry.
   * @defaultValue none: the caller's own credentials
   */
  assumeRole?: AssumeRoleOptions
  /**
   * Options of the SDK clients (region, endpoint, credentials…).
   * @defaultValue none: the SDK's defaults
   */
  awsClientOptions?: Record<string, unknown>
  /**
   * Update this local registry file instead of AWS.
   * @defaultValue none: AWS
   */
  local?: string
  /**
   * Then rewrite the stage's snapshot in S3 (`s3://bucket/key` or `{ bucket, key }`) for the service's path (docs/snapshot.md).
   * @defaultValue none: no snapshot is rewritten
   */
  snapshot?: string | SnapshotLocation
}

export interface PublishResult {
  readonly service: string
  readonly stage: string
  /** Where it was published: AWS, or a local registry file. */
  readonly target: 'aws' | 'local'
  /** The endpoint parameter and its new version (a new version at every publish). */
  readonly endpoint: { readonly name: string; readonly version: number }
  /** The API key's secret and the version just written (`local-N` in a local file); absent without `apiKey`. */
  readonly apiKey?: { readonly secretId: string; readonly versionId: string; readonly created: boolean }
  /** The snapshot rewritten after the writes (`s3://bucket/key`), when one was named. */
  readonly snapshot?: string
}

/** A publish's options, checked: what to write, and where. */
export interface PublishRequest {
  readonly service: string
  readonly stage: string
  readonly names: EntryNames
  readonly endpoint: string
  readonly apiKey?: string
  readonly tags: Readonly<Record<string, string>>
  readonly access: RegistryAccess
  readonly snapshot?: SnapshotLocation
}

const OPTION_NAMES = ['service', 'stage', 'endpoint', 'apiKey', 'tags', 'allowInsecure', 'convention', 'assumeRole', 'awsClientOptions', 'local', 'snapshot']

export function checkPublishOptions(caller: string, options: PublishServiceOptions): PublishRequest {
  if (typeof options !== 'object' || options === null) throw new PublishInputError(`${caller}: expects an options object like { service, stage, endpoint }`)
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.includes(name)) throw new PublishInputError(`${caller}: unknown option ${quote(name)} (allowed: ${OPTION_NAMES.join(', ')})`)
  }
  const { allowInsecure = false } = options
  if (typeof allowInsecure !== 'boolean') throw new PublishInputError(`${caller}: option "allowInsecure" must be a boolean`)
  const access = checkAccess(caller, options)
  return {
    service: options.service,
    stage: options.stage,
    names: entryNamesOf(caller, options.service, options.stage, access.convention),
    endpoint: checkEndpoint(caller, options.endpoint, allowInsecure),
    apiKey: checkApiKey(caller, options.apiKey),
    tags: checkTags(caller, options.tags),
    access,
    snapshot: checkSnapshot(caller, options.snapshot, access),
  }
}

/** A publish as registry entries: the API key's secret (when given) and the endpoint's String parameter, both tagged. */
export function publishEntries({ service, stage, names, endpoint, apiKey, tags }: PublishRequest): { endpoint: DesiredParameter; apiKey?: DesiredSecret } {
  const placed = { stage, tags }
  return {
    endpoint: { kind: 'parameter', name: names.endpoint, type: 'String', value: endpoint, origin: 'endpoint', ...placed },
    ...(apiKey === undefined ? {} : { apiKey: { kind: 'secret', name: names.apiKey, source: { given: true }, service, origin: 'apiKey', ...placed } }),
  }
}

/** What a failure half-way already wrote; publishing again completes it. */
function halfWay(written: readonly Written[]): string | undefined {
  const done = written.map(({ kind, version, untagged }) =>
    kind === 'secret' ? `the API key was written as version ${version}` : `the endpoint was written as version ${version}${untagged ? ' but not tagged' : ''}`,
  )
  return done.length === 0 ? undefined : `${done.join(', and ')}; publishing again completes it`
}

/**
 * Publishes a service: its endpoint to SSM (a String parameter, overwritten, so a new
 * version each time, then tagged) and, when given, its API key to Secrets Manager
 * (created, or a new version of it). Resolves to the versions written; rejects with a
 * PublishInputError for bad input and a PublishError naming the failed operation.
 */
export function publishService(options: PublishServiceOptions): Promise<PublishResult> {
  return publishAs('publishService()', options)
}

/** One service's entries written through `store` unconditionally: the API key's secret first, then the endpoint. */
async function publishTo(store: RegistryStore, request: PublishRequest): Promise<PublishResult> {
  const { service, stage, names, apiKey } = request
  const entries = publishEntries(request)
  const steps: WriteStep[] = [
    ...(entries.apiKey ? [{ desired: entries.apiKey, name: names.apiKey, action: 'update' as const, value: apiKey }] : []),
    { desired: entries.endpoint, name: names.endpoint, action: 'update' },
  ]
  const written = await writeSteps(store, steps, halfWay)
  if (request.snapshot) await rewriteSnapshot(request)
  const endpoint = written.find(({ kind }) => kind === 'parameter')!
  const key = written.find(({ kind }) => kind === 'secret')
  return {
    service,
    stage,
    target: store.kind,
    endpoint: { name: names.endpoint, version: endpoint.version as number },
    ...(key ? { apiKey: { secretId: names.apiKey, versionId: String(key.version), created: key.created === true } } : {}),
    ...(request.snapshot ? { snapshot: `s3://${request.snapshot.bucket}/${request.snapshot.key}` } : {}),
  }
}

/** The stage's snapshot with the service's folder read again; a failure says that the publish itself was done. */
async function rewriteSnapshot({ access, snapshot, stage, names }: PublishRequest): Promise<void> {
  try {
    await snapshotPaths(access, snapshot!, stage, pathsOf([names.endpoint]))
  } catch (error) {
    if (!(error instanceof PublishError)) throw error
    throw new PublishError(error.code, error.operation, `${error.reason} (the service was published; publish again to write its snapshot)`, { cause: error })
  }
}

/**
 * publishService() for a caller that names itself in errors. A publish is a plan that
 * writes every entry, changed or not, without reading first: the deploy that publishes is
 * recorded as a new version, and a publisher needs no permission to read the registry.
 */
export async function publishAs(caller: string, options: PublishServiceOptions): Promise<PublishResult> {
  const request = checkPublishOptions(caller, options)
  return publishTo(storeFor(request.access), request)
}

/**
 * publishAs() and where it wrote, in words (`AWS (eu-west-1, account 111111111111)`), as
 * the CLI's `publish` prints it: asked while the writes run, so it adds no wait.
 */
export async function publishDescribed(caller: string, options: PublishServiceOptions): Promise<PublishResult & { readonly source: string }> {
  const request = checkPublishOptions(caller, options)
  const store = storeFor(request.access)
  const [result, source] = await Promise.all([publishTo(store, request), store.describe()])
  return { ...result, source }
}
