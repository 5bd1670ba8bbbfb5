/** The names of services and stages: one level of a parameter path, which SSM and Secrets Manager both accept. */

// Service names follow the characters SSM and Secrets Manager both allow in one level.
const SERVICE_NAME = /^[a-zA-Z0-9_.-]{1,128}$/

/** A service or stage name: 1-128 letters, digits or _ . - (one level of a parameter path). */
export const isServiceName = (value: unknown): value is string => typeof value === 'string' && SERVICE_NAME.test(value)
