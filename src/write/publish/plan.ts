/**
 * `diff`: what a publish would change, planned by the engine from the publish's entries
 * without writing. The API key is only ever compared, never returned.
 */
import { planEntries } from '../engine/plan.js'
import { storeFor } from '../store/choose.js'
import { checkPublishOptions, type PublishServiceOptions, publishEntries } from './publish.js'

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

const writesValue = (action: string) => action === 'create' || action === 'update'

export async function planPublish(options: PublishServiceOptions, caller = 'planPublish()'): Promise<PublishPlan> {
  const request = checkPublishOptions(caller, options)
  const { service, stage, names, endpoint, apiKey } = request
  const entries = publishEntries(request)
  const values = new Map(entries.apiKey && apiKey !== undefined ? [[entries.apiKey, apiKey] as const] : [])
  const { plan, steps } = await planEntries(storeFor(request.access), [entries.endpoint, ...(entries.apiKey ? [entries.apiKey] : [])], values)
  const [endpointEntry, keyEntry] = steps.map(({ entry }) => entry)
  const endpointPlan = {
    name: names.endpoint,
    ...(endpointEntry!.from === undefined ? {} : { from: endpointEntry!.from }),
    to: endpoint,
    changed: writesValue(endpointEntry!.action),
  }
  const apiKeyPlan = keyEntry && { secretId: names.apiKey, exists: keyEntry.action !== 'create', changed: writesValue(keyEntry.action) }
  return {
    service,
    stage,
    source: plan.source,
    endpoint: endpointPlan,
    ...(apiKeyPlan ? { apiKey: apiKeyPlan } : {}),
    tags: endpointEntry!.tags,
    changed: plan.changes > 0,
  }
}
