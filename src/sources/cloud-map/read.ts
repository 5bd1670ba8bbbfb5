import { sdk } from '#sdk/servicediscovery'
import { command, registerSdk } from '../../aws/sdk.js'
import { withClient } from '../../aws/with-client.js'
import { onClearRegistryCache } from '../../cache/process-state.js'
import type { AwsClient } from '../../core/client-scope.js'
import { registerDecoder } from '../../core/decode.js'
import { failureFromError, fetched, invalidResponse, type Outcome, revalidated } from '../../core/outcome.js'
import type { FetchRequest, Reference, Source } from '../../core/reference.js'
import { decodeInstances, type RawInstances } from './decode.js'

// This source's SDK client: loaded, and bundled, only where a declaration uses it.
registerSdk(sdk)
registerDecoder<RawInstances>('instances', decodeInstances)

/** DiscoverInstances has no pages: ask for as many instances as it gives (AWS's maximum). */
export const MAX_INSTANCES = 1000

interface DiscoverInstancesOutput {
  Instances?: Array<{ InstanceId?: string; Attributes?: Record<string, string> }>
  InstancesRevision?: number
}

interface DiscoverInstancesRevisionOutput {
  InstancesRevision?: number
}

// Scopes whose IAM policy denies DiscoverInstancesRevision: learnt once per process, so a
// missing permission costs one failed probe, not one per refresh.
const probeDeniedScopes = new Set<string>()

/** A reference's id is `namespace/service`; a service name never holds a `/`. */
function locationOf({ id }: Reference): { NamespaceName: string; ServiceName: string } {
  const slash = id.lastIndexOf('/')
  return { NamespaceName: id.slice(0, slash), ServiceName: id.slice(slash + 1) }
}

async function discoverInstances(client: AwsClient, reference: Reference): Promise<Outcome> {
  const { healthStatus, queryParameters } = reference.options
  const input = { ...locationOf(reference), HealthStatus: healthStatus, QueryParameters: queryParameters, MaxResults: MAX_INSTANCES }
  try {
    const output = (await client.send(await command('servicediscovery', 'DiscoverInstancesCommand', input))) as DiscoverInstancesOutput
    // AWS lists Instances even when there are none: an answer without is not AWS's.
    if (output.Instances === undefined) return invalidResponse(`DiscoverInstances for ${reference.id} answered without an Instances list`)
    const instances = output.Instances.map(({ InstanceId = '', Attributes = {} }) => ({ id: InstanceId, attributes: Attributes }))
    return fetched<RawInstances>({ kind: 'instances', instances, revision: output.InstancesRevision })
  } catch (error) {
    return failureFromError(error)
  }
}

/**
 * The cached instances, if a revision probe may vouch for them. The revision changes when
 * an instance is registered or deregistered but not when its health does, so only a
 * reference that reads every instance whatever its health (`ALL`) can be revalidated by it.
 */
function revalidatable({ reference, previous }: FetchRequest): RawInstances | undefined {
  if (previous?.kind !== 'instances' || (previous as RawInstances).revision === undefined) return undefined
  return reference.options.healthStatus === 'ALL' ? (previous as RawInstances) : undefined
}

/** Whether the service's revision is still the cached one; any failure says no. */
async function unchanged(client: AwsClient, { reference, scope }: FetchRequest, revision: number): Promise<boolean> {
  if (probeDeniedScopes.has(scope.key)) return false
  try {
    const output = (await client.send(
      await command('servicediscovery', 'DiscoverInstancesRevisionCommand', locationOf(reference)),
    )) as DiscoverInstancesRevisionOutput
    return output.InstancesRevision === revision
  } catch (error) {
    if (failureFromError(error).code === 'AccessDeniedException') probeDeniedScopes.add(scope.key)
    return false
  }
}

/** An expired entry whose revision has not moved is kept (one small call); otherwise DiscoverInstances. */
async function discover(client: AwsClient, request: FetchRequest): Promise<Outcome> {
  const previous = revalidatable(request)
  if (previous && (await unchanged(client, request, previous.revision!))) return revalidated(previous)
  return discoverInstances(client, request.reference)
}

/**
 * AWS Cloud Map: one DiscoverInstances per reference (there is no batch call), all at
 * once; an expired entry read with `healthStatus: 'ALL'` is first revalidated with
 * DiscoverInstancesRevision.
 */
export const fetchFromCloudMap: Source = withClient((client, requests) =>
  Promise.all(requests.map(async (request) => new Map([[request.fetchKey, await discover(client, request)]]))),
)

// clearRegistryCache() forgets what this process learnt about denied revision probes.
onClearRegistryCache(() => probeDeniedScopes.clear())
