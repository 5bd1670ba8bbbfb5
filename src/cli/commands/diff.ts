import { type PublishPlan, planPublish } from '../../write/publish/plan.js'
import { apiKeyOf } from '../api-key.js'
import { COMMON_HELP, type Command } from '../command.js'
import { EXIT } from '../exit-codes.js'
import { aligned, emit } from '../output.js'
import { PUBLISH_OPTIONS, publishOptionsOf } from './publish.js'

function planLines(plan: PublishPlan): string[] {
  const heading = `${plan.service} (${plan.stage}) in ${plan.source}`
  if (!plan.changed) return [`${heading}: no changes (a publish would only add a new version of the same values)`]
  const { endpoint, apiKey } = plan
  const rows: [string, string][] = [
    ['endpoint', endpoint.changed ? `${endpoint.from ?? '(none)'} → ${endpoint.to}  (${endpoint.name})` : `unchanged  (${endpoint.name})`],
  ]
  // Whether the key would change, never what it is.
  if (apiKey) rows.push(['api key', `${!apiKey.exists ? 'would be created' : apiKey.changed ? 'would change' : 'unchanged'}  (${apiKey.secretId})`])
  for (const tag of plan.tags) rows.push([`tag ${tag.key}`, `${tag.from ?? '(none)'} → ${tag.to}`])
  return [`${heading}: a publish would change`, ...aligned(rows)]
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'show what a publish would change (exit 2 when it would change something)',
  options: PUBLISH_OPTIONS,
  help: `Usage: middy-registry diff --service S --stage T --endpoint URL [options]

Takes the options of publish and reports what that publish would change, without
writing: the endpoint (old → new), whether the API key would change (never the key),
and the tags that would be added or changed. Reading the API key to compare it needs
secretsmanager:GetSecretValue.

Exit codes: 0 nothing would change, 2 a publish would change something,
1 the registry could not be read, 64 usage error, 65 invalid input.

  --service S, --stage T, --endpoint URL, --api-key-from-env VAR, --api-key-stdin,
  --tag KEY=VALUE, --allow-insecure: as for publish

${COMMON_HELP}`,

  async run(values, context) {
    const options = publishOptionsOf(values, context)
    const apiKey = await apiKeyOf(values, context.io)
    if (apiKey !== undefined) context.secrets.push(apiKey)
    const plan = await planPublish({ ...options, ...(apiKey === undefined ? {} : { apiKey }) }, 'diff')
    emit(context, plan, planLines(plan))
    return plan.changed ? EXIT.CHANGES : EXIT.OK
  },
}
