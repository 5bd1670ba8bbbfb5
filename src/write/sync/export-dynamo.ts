/**
 * Export's DynamoDB reads: the services of a stage under a DynamoDB convention (one item
 * per service, found with a Scan filtered on the stage), and every item of a table.
 */

import { DYNAMO_CONVENTION_DEFAULTS, type DynamoConvention } from '../../services/dynamo-convention.js'
import { isServiceName } from '../../services/names.js'
import { fillTemplate } from '../../services/template.js'
import { plainItemOf, scanTable } from '../store/aws/items.js'
import { secretExists } from '../store/aws/secrets.js'
import type { Send } from '../store/aws/send.js'
import { serviceEntry } from './export-service.js'

export async function exportDynamoServices(send: Send, convention: DynamoConvention, stage: string, warnings: string[]) {
  const { table, partitionKey, sortKey, endpointAttribute, apiKey } = { ...DYNAMO_CONVENTION_DEFAULTS, ...convention }
  const services: [string, unknown][] = []
  const apiKeys: string[] = []
  for (const raw of await scanTable(send, table, { attribute: sortKey, value: stage })) {
    const item = plainItemOf(raw)
    const service = item?.[partitionKey]
    const where = `the item of ${typeof service === 'string' ? `service ${service}` : 'a service'} in table ${table}`
    if (!item || typeof service !== 'string' || !isServiceName(service)) {
      warnings.push(`${where} is left out: it holds binary data, or its ${partitionKey} is not a service name`)
      continue
    }
    const endpoint = item[endpointAttribute]
    const entry = typeof endpoint === 'string' ? serviceEntry(endpoint, warnings, `${where}'s ${endpointAttribute}`) : undefined
    if (!entry) {
      if (typeof endpoint !== 'string') warnings.push(`${where} is left out: it has no string ${endpointAttribute}`)
      continue
    }
    const attributes = Object.fromEntries(Object.entries(item).filter(([name]) => ![partitionKey, sortKey, endpointAttribute].includes(name)))
    const secretName = fillTemplate(apiKey, { service, stage })
    const hasKey = await secretExists(send, secretName)
    if (hasKey) apiKeys.push(secretName)
    services.push([service, { ...entry, ...(hasKey ? { apiKey: { declared: true } } : {}), ...(Object.keys(attributes).length > 0 ? { attributes } : {}) }])
  }
  // Endpoints are item attributes here: no parameter is taken by a service.
  return { services, endpointNames: [] as string[], apiKeys }
}

/** Every item of each table, as plain JSON; items holding binary data are left out with a warning. */
export async function exportTables(send: Send, tables: readonly string[], warnings: string[]): Promise<[string, unknown[]][]> {
  return Promise.all(
    tables.map(async (table): Promise<[string, unknown[]]> => {
      const items = (await scanTable(send, table)).flatMap((raw) => {
        const item = plainItemOf(raw)
        if (!item) warnings.push(`an item of table ${table} holds binary data, which a registry file cannot hold: it is left out`)
        return item ? [item] : []
      })
      return [table, items]
    }),
  )
}
