/**
 * Finding every service of a stage from the endpoint template alone: the template, with
 * the stage filled in, has a fixed beginning (the path to list) and a shape each endpoint
 * parameter's name must match, from which the service's name is read back.
 */
import { quote } from '../core/describe.js'
import { PublishInputError } from '../core/problem.js'
import { type Convention, DEFAULT_CONVENTION, fillConvention } from './service.js'

export interface EndpointListing {
  /** The SSM path to list recursively: the template's fixed part, up to its last `/`. */
  readonly path: string
  /** The service a parameter name is the endpoint of, if it is one. */
  serviceOf(name: string): string | undefined
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const SERVICE_NAME = '([a-zA-Z0-9_.-]{1,128})'

export function endpointListing(convention: Convention | undefined, stage: string): EndpointListing {
  const template = convention?.endpoint ?? DEFAULT_CONVENTION.endpoint
  if (!template.startsWith('/') || !template.includes('{service}')) {
    throw new PublishInputError(`listing a stage needs an endpoint template that starts with "/" and has {service} (got ${quote(template)})`)
  }
  // The stage is known; {service} is left in place, to be matched.
  const filled = fillConvention(template, { service: '{service}', stage })
  const fixed = filled.slice(0, filled.indexOf('{service}'))
  const path = fixed.slice(0, fixed.lastIndexOf('/')) || '/'
  const [first, ...rest] = filled.split('{service}').map(escapeRegExp)
  // Every later {service} must repeat the first one's name.
  const pattern = new RegExp(`^${first}${SERVICE_NAME}${rest.join('\\1')}$`)
  return { path, serviceOf: (name) => pattern.exec(name)?.[1] }
}
