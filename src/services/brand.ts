/**
 * What the core needs to know of `service()` declarations: how to recognise one, and
 * what a service or stage name looks like. Apart from service.ts so that a registry
 * without services bundles none of the convention code.
 */
import type { ServiceReference } from './service.js'

export const SERVICE = Symbol.for('middy-registry.service')

export function isServiceReference(value: unknown): value is ServiceReference {
  return typeof value === 'object' && value !== null && SERVICE in value
}
