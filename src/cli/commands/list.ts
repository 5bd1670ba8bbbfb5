import { listServices } from '../../write/publish/inspect.js'
import { accessOf, COMMON_OPTIONS, stageOf } from '../arguments.js'
import { COMMON_HELP, type Command } from '../command.js'
import { EXIT } from '../exit-codes.js'
import { emit } from '../output.js'

export const listCommand: Command = {
  name: 'list',
  summary: 'list every service published under a stage',
  options: { ...COMMON_OPTIONS, stage: { type: 'string' } },
  help: `Usage: middy-registry list --stage T [options]

Lists every service whose endpoint parameter is under the stage, with its endpoint and
version. It lists the fixed beginning of the endpoint template recursively (for the
default /{service}/{stage}/endpoint that is every parameter, from "/") and keeps the
names that fit the template. So it works with the default convention, or with a
--convention-endpoint template that starts with "/" and contains {service}; a template
with a fixed prefix (e.g. /registry/{stage}/{service}/endpoint) lists far fewer.
Needs ssm:GetParametersByPath on that path.

  --stage T                  the stage (default: MIDDY_REGISTRY_STAGE)

${COMMON_HELP}`,

  async run(values, context) {
    const stage = stageOf(values, context.io.env)
    const listing = await listServices({ stage, ...accessOf(values) }, 'list')
    const { services, source } = listing
    const width = Math.max(0, ...services.map(({ service }) => service.length))
    const lines = services.map(({ service, endpoint, version }) => `  ${service.padEnd(width)}  ${endpoint}  (version ${version})`)
    if (services.length > 0 || context.json) emit(context, listing, [`Services of stage ${stage} in ${source}:`, ...lines])
    else context.io.stderr.write(`no services are published under stage ${stage} in ${source}\n`)
    return EXIT.OK
  },
}
