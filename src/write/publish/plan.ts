/**
 * `diff`: what a publish would change, read from the registry without writing to it. The
 * API key is only ever compared, never returned.
 */
import { targetFor } from './choose-target.js'
import { checkPublishOptions, type PublishServiceOptions } from './publish.js'

/** What a publish would change. */
export interface PublishPlan {
  readonly service: string
  readonly stage: string
  readonly source: string
  readonly endpoint: { readonly name: string; readonly from?: string; readonly to: string; readonly changed: boolean }
  readonly apiKey?: { readonly secretId: string; readonly exists: boolean; readonly changed: boolean }
  /** The tags a publish would add or change on the endpoint parameter. */
  readonly tags: readonly { readonly key: string; readonly from?: string; readonly to: string }[]
  readonly changed: boolean
}

export async function planPublish(options: PublishServiceOptions, caller = 'planPublish()'): Promise<PublishPlan> {
  const { service, stage, names, endpoint, apiKey, tags, access } = checkPublishOptions(caller, options)
  const target = targetFor(access)
  const [current, currentKey, currentTags] = await Promise.all([
    target.readEndpoint(names.endpoint),
    apiKey === undefined ? undefined : target.readApiKey(names.apiKey),
    Object.keys(tags).length === 0 ? ({} as Record<string, string>) : target.readTags(names.endpoint),
  ])
  const endpointPlan = { name: names.endpoint, ...(current ? { from: current.value } : {}), to: endpoint, changed: current?.value !== endpoint }
  const apiKeyPlan = apiKey === undefined ? undefined : { secretId: names.apiKey, exists: currentKey !== undefined, changed: currentKey?.value !== apiKey }
  const tagChanges = Object.entries(tags)
    .filter(([key, value]) => currentTags[key] !== value)
    .map(([key, to]) => ({ key, ...(currentTags[key] === undefined ? {} : { from: currentTags[key] }), to }))
  const changed = endpointPlan.changed || apiKeyPlan?.changed === true || tagChanges.length > 0
  return { service, stage, source: target.description, endpoint: endpointPlan, ...(apiKeyPlan ? { apiKey: apiKeyPlan } : {}), tags: tagChanges, changed }
}
