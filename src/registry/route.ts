import { parseArn } from '../aws/arn.js'
import { fingerprintOf, identityOf, regionKeyOf } from '../aws/clients.js'
import { roleCredentials } from '../aws/credentials.js'
import { clientOptionOf } from '../aws/sdk.js'
import type { AwsClient, ClientScope, RegistryClients, ServiceName } from '../core/client-scope.js'
import type { Reference, Source } from '../core/reference.js'
import { type AssumeRoleOptions, roleKeyOf } from '../core/role.js'
import { lazyLocalSource } from '../local-registry/loader.js'
import { lazySnapshotTier } from './snapshot-loader.js'
import type { SnapshotLocation } from './snapshot-location.js'

/** How a registry reaches its sources; derived once from the registry's options. */
export interface RoutingSettings {
  /** Absolute path of a local registry file; when set, no AWS client is used at all. */
  readonly local?: string
  readonly awsClientOptions?: Readonly<Record<string, unknown>>
  readonly clients?: Readonly<RegistryClients>
  /** The role every reference is read through, unless it names its own. */
  readonly assumeRole?: AssumeRoleOptions
  /** Milliseconds any request may take, retries included (AssumeRole's too). */
  readonly requestTimeout: number
  /** Where the stage's snapshot document is: SSM references read through the registry's own account are served from it first. */
  readonly snapshot?: SnapshotLocation
}

/** Where one reference is fetched from, and the cache key of what is fetched. */
export interface Route {
  readonly source: Source
  /** Source label for errors and events. */
  readonly sourceName: Reference['source'] | 'local'
  readonly scope: ClientScope
  /** Everything that changes the value: source, client scope, id, selector and read options. */
  readonly fetchKey: string
  /** The role the entry is read through, if any. */
  readonly role?: string
  /** The Region it is read in, when known: an ARN's, `awsClientOptions.region` or AWS_REGION (not a client of your own's). */
  readonly region?: string
  /** Set when the entry is read through a snapshot: it is batched apart from those that are not. */
  readonly tier?: string
}

const regionOf = (settings: RoutingSettings): string => regionKeyOf(settings.awsClientOptions)

/** The Region a client made with `awsClientOptions` reads in, when it can be told without asking the SDK. */
function knownRegionOf(settings: RoutingSettings): string | undefined {
  const region = settings.awsClientOptions?.region
  if (region === undefined) return process.env.AWS_REGION || undefined
  // A provider function's Region is the SDK's to resolve.
  return typeof region === 'string' ? region : undefined
}

/**
 * The client a reference is read with: the user's own; or one per service, Region and
 * role, created with `awsClientOptions` and, for a role, that role's credentials.
 */
function clientScope(service: ServiceName, reference: Reference, settings: RoutingSettings, role: AssumeRoleOptions | undefined): ClientScope {
  const option = clientOptionOf(service)
  const userClient = option === undefined ? undefined : (settings.clients as Readonly<Record<string, AwsClient | undefined>> | undefined)?.[option]
  if (userClient && !role) return { service, key: `${service}:client#${identityOf(userClient)}`, client: userClient }
  const options = settings.awsClientOptions ?? {}
  // An ARN names its own Region: the request must go there, whatever the default is. (A
  // DynamoDB reference's id starts with its table, so a table ARN is found here too.)
  const arnRegion = parseArn(reference.id)?.region || undefined
  const key = `${service}:${arnRegion ?? regionOf(settings)}|${fingerprintOf(options)}`
  if (!role) return { service, key, region: arnRegion, options }
  const stsScope: ClientScope = { service: 'sts', key: `sts:${regionOf(settings)}|${fingerprintOf(options)}`, options }
  const credentials = roleCredentials(role, stsScope, settings.requestTimeout)
  return { service, key: `${key}|role:${roleKeyOf(role)}`, region: arnRegion, options: { ...options, credentials }, credentials }
}

/** The SSM source behind the registry's snapshot, which it reads with an S3 client of the registry's options (or its own `clients.s3`). */
function snapshotRoute(route: Route, snapshot: SnapshotLocation, settings: RoutingSettings): Route {
  const client = (settings.clients as Readonly<Record<string, AwsClient | undefined>> | undefined)?.s3
  const options = settings.awsClientOptions ?? {}
  const scope: ClientScope = client
    ? { service: 's3', key: `s3:client#${identityOf(client)}`, client }
    : { service: 's3', key: `s3:${regionOf(settings)}|${fingerprintOf(options)}`, options }
  const tier = `snapshot:${scope.key}|s3://${snapshot.bucket}/${snapshot.key}`
  return { ...route, source: lazySnapshotTier(snapshot, scope, route.source), tier }
}

export function routeOf(reference: Reference, settings: RoutingSettings): Route {
  const variant = `${reference.kind}|${reference.id}${reference.selector}|${reference.readKey}`
  const service = reference.client
  // A source defined with defineSource() brings its own reader and client, local file or not.
  if (!service) {
    const scope: ClientScope = { key: `${reference.source}#${identityOf(reference.reader)}` }
    return { source: reference.reader, sourceName: reference.source, scope, fetchKey: `${scope.key}|${variant}` }
  }
  if (settings.local) {
    const scope: ClientScope = { service, key: `local:${settings.local}` }
    return { source: lazyLocalSource(settings.local), sourceName: 'local', scope, fetchKey: `${scope.key}|${variant}` }
  }
  const role = reference.options.assumeRole ?? settings.assumeRole
  const scope = clientScope(service, reference, settings, role)
  const region = scope.client ? undefined : scope.region || knownRegionOf(settings)
  const route = { source: reference.reader, sourceName: reference.source, scope, fetchKey: `${scope.key}|${variant}`, role: role?.roleArn, region }
  // Another account's parameters are not in this stage's snapshot.
  return settings.snapshot && service === 'ssm' && !role ? snapshotRoute(route, settings.snapshot, settings) : route
}
