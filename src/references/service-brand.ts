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

// Service names follow the characters SSM and Secrets Manager both allow in one level.
const SERVICE_NAME = /^[a-zA-Z0-9_.-]{1,128}$/

/** A service or stage name: 1-128 letters, digits or _ . - (one level of a parameter path). */
export const isServiceName = (value: unknown): value is string => typeof value === 'string' && SERVICE_NAME.test(value)
