/**
 * Reading the registry the way a publisher sees it: one service's entries with their
 * versions (`get`) and every service of a stage (`list`). Values are returned as they
 * are; masking is the caller's job.
 */

import { PublishInputError } from '../../core/problem.js'
import { type EntryNames, entryNamesOf } from '../../services/entry-names.js'
import { endpointListing } from '../../services/listing.js'
import { isServiceName } from '../../services/names.js'
import { storeFor } from '../store/choose.js'
import type { RegistryAccess, StoredSecret } from '../store/store.js'
import { checkAccess } from './validate.js'

export interface ServiceEntries {
  readonly service: string
  readonly stage: string
  readonly names: EntryNames
  /** Where they were read: `AWS (eu-west-1, account …)`, `local registry file …`. */
  readonly source: string
  readonly endpoint?: { readonly value: string; readonly version: number }
  readonly apiKey?: StoredSecret
}

export interface ServiceQuery extends RegistryAccess {
  service: string
  stage: string
}

/** A service's endpoint and API key (either undefined when absent). */
export async function readService(query: ServiceQuery, caller = 'readService()'): Promise<ServiceEntries> {
  const access = checkAccess(caller, query)
  const names = entryNamesOf(caller, query.service, query.stage, access.convention)
  const store = storeFor(access)
  const [parameters, apiKey, source] = await Promise.all([
    store.readParameters([{ name: names.endpoint, decrypt: true, tags: false }]),
    store.readSecretValue(names.apiKey),
    store.describe(),
  ])
  const found = parameters.get(names.endpoint)
  const endpoint = found && { value: found.value, version: found.version }
  return { service: query.service, stage: query.stage, names, source, endpoint, apiKey }
}

export interface ListedService {
  readonly service: string
  /** The endpoint parameter's name. */
  readonly name: string
  readonly endpoint: string
  readonly version: number
}

export interface StageListing {
  /** Where they were listed: `AWS (eu-west-1, account …)`, `local registry file …`. */
  readonly source: string
  readonly stage: string
  readonly services: readonly ListedService[]
}

/** Every service published under a stage, by listing the endpoint template's fixed path. */
export async function listServices(query: RegistryAccess & { stage: string }, caller = 'listServices()'): Promise<StageListing> {
  if (!isServiceName(query.stage)) throw new PublishInputError(`${caller}: the stage must be 1-128 letters, digits or _ . -`)
  const access = checkAccess(caller, query)
  const listing = endpointListing(access.convention, query.stage)
  const store = storeFor(access)
  const [parameters, source] = await Promise.all([store.listParameters(listing.path), store.describe()])
  const services = parameters
    .flatMap(({ name, value, version }) => {
      const service = listing.serviceOf(name)
      return service === undefined ? [] : [{ service, name, endpoint: value, version }]
    })
    .sort((a, b) => a.service.localeCompare(b.service))
  return { source, stage: query.stage, services }
}
