export { registry } from './middleware.js'
export { ssm, type SsmOptions, type SsmPathOptions } from './references/ssm.js'
export { secret, type SecretOptions } from './references/secret.js'
export { cloudMap, type CloudMapInstance, type CloudMapOptions, type CloudMapEndpointOptions, type HealthStatus } from './references/cloud-map.js'
export { dynamo, type DynamoKey, type DynamoOptions } from './references/dynamo.js'
export { service } from './references/service-declaration.js'
export {
  DEFAULT_CONVENTION,
  STAGE_ENV,
  type Convention,
  type DynamoConvention,
  type ServiceConvention,
  type AttributeDecoding,
  type ServiceOptions,
  type ServiceReference,
  type ServiceValue,
  type ServiceLocation,
} from './references/service.js'
export type { Declared, Reference, ValueOf, CommonOptions } from './references/reference.js'
export { RegistryError, type RegistryFailure } from './errors.js'
export { clearRegistryCache } from './cache.js'
export { DEFAULT_CACHE_EXPIRY } from './options.js'
export { LOCAL_REGISTRY_ENV } from './sources/local-loader.js'
export type { LocalRegistryFile } from './sources/local.js'
export type { AwsClient } from './sources/clients.js'
export type { FetchMap, RegistryContext, RegistryMiddleware, RegistryOptions, RegistryValues } from './types.js'
export { retryOnAuthFailure, isHttpAuthFailure, type AuthRetryOptions } from './retry.js'
export { DEFAULT_MAX_STALE } from './freshness.js'
export { DEFAULT_REQUEST_TIMEOUT, DEFAULT_TIMEOUT_MARGIN } from './sources/deadline.js'
export type { RegistryEvent, RegistryEventType, RegistryStats } from './events.js'
export type { AssumeRoleOptions } from './references/role.js'
export { publishService, type PublishServiceOptions, type PublishResult } from './publish/publish.js'
export { PublishError } from './publish/publish-error.js'
export { PublishInputError } from './publish/validate.js'
