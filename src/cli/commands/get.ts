import { readService, type ServiceEntries } from '../../write/publish/inspect.js'
import { accessOf, COMMON_OPTIONS, required, stageOf } from '../arguments.js'
import { COMMON_HELP, type Command } from '../command.js'
import { EXIT } from '../exit-codes.js'
import { mask } from '../mask.js'
import { aligned, emit } from '../output.js'

/** The service has no endpoint where the convention says: nothing is published. */
class NotPublished extends Error {
  override readonly name = 'NotPublished'
  readonly code = 'ParameterNotFound'
}

function asJson({ service, stage, source, names, endpoint, apiKey }: ServiceEntries, showSecrets: boolean) {
  const key = apiKey && (showSecrets ? { value: apiKey.value } : { value: '****', length: apiKey.value.length })
  return {
    service,
    stage,
    source,
    endpoint: endpoint ? { name: names.endpoint, value: endpoint.value, version: endpoint.version } : null,
    apiKey: apiKey ? { secretId: names.apiKey, ...key, versionId: apiKey.versionId } : null,
  }
}

function asText({ service, stage, source, names, endpoint, apiKey }: ServiceEntries, showSecrets: boolean): string[] {
  const rows: [string, string][] = [
    ['endpoint', endpoint ? `${endpoint.value}  (${names.endpoint}, version ${endpoint.version})` : `(none)  (${names.endpoint})`],
    ['api key', apiKey ? `${showSecrets ? apiKey.value : mask(apiKey.value)}  (${names.apiKey}, version ${apiKey.versionId})` : `(none)  (${names.apiKey})`],
  ]
  return [`${service} (${stage}) in ${source}:`, ...aligned(rows)]
}

export const getCommand: Command = {
  name: 'get',
  summary: 'print a service’s endpoint and API key (masked) with their versions',
  options: { ...COMMON_OPTIONS, service: { type: 'string' }, stage: { type: 'string' }, 'show-secrets': { type: 'boolean' } },
  help: `Usage: middy-registry get --service S --stage T [--show-secrets] [options]

Prints the service's endpoint and API key with their versions. The key is masked
(**** and its length) unless --show-secrets. Exits 1 when the service has no endpoint.

  --service S                the service's name
  --stage T                  its stage (default: MIDDY_REGISTRY_STAGE)
  --show-secrets             print the API key itself

${COMMON_HELP}`,

  async run(values, context) {
    const showSecrets = values['show-secrets'] === true
    const entries = await readService({ service: required(values, 'service'), stage: stageOf(values, context.io.env), ...accessOf(values) }, 'get')
    if (entries.apiKey) context.secrets.push(entries.apiKey.value)
    emit(context, asJson(entries, showSecrets), asText(entries, showSecrets))
    if (!entries.endpoint)
      throw new NotPublished(`${entries.service} (${entries.stage}) is not published: no parameter ${entries.names.endpoint} in ${entries.source}`)
    return EXIT.OK
  },
}
