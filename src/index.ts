export { registry } from './registry/middleware.js'
export { ssm, type SsmOptions, type SsmPathOptions } from './sources/ssm/declare.js'
export { secret, type SecretOptions } from './sources/secrets-manager/declare.js'
export { cloudMap, type CloudMapInstance, type CloudMapOptions, type CloudMapEndpointOptions, type HealthStatus } from './sources/cloud-map/declare.js'
export { dynamo, type DynamoKey, type DynamoOptions } from './sources/dynamodb/declare.js'
export { service } from './services/declare.js'
export { defineSource, type DefinedSource, type DefinedSourceOptions, type SourceDefinition } from './sources/custom/define.js'
export type { ReadContext, ReadFunction } from './sources/custom/read.js'
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
} from './services/service.js'
export type { Declared, Reference, ValueOf, CommonOptions } from './core/reference.js'
export { RegistryError, type RegistryFailure } from './registry/errors.js'
export { clearRegistryCache } from './cache/store.js'
export { DEFAULT_CACHE_EXPIRY } from './registry/options.js'
export { LOCAL_REGISTRY_ENV } from './sources/local/loader.js'
export type { LocalRegistryFile } from './sources/local/read.js'
export type { AwsClient } from './core/client-scope.js'
export type { FetchMap, RegistryContext, RegistryMiddleware, RegistryOptions, RegistryValues } from './registry/types.js'
export { retryOnAuthFailure, isHttpAuthFailure, type AuthRetryOptions } from './registry/retry.js'
export { DEFAULT_MAX_STALE } from './cache/freshness.js'
export { DEFAULT_REQUEST_TIMEOUT, DEFAULT_TIMEOUT_MARGIN } from './core/deadline.js'
export type { RegistryEvent, RegistryEventType, RegistryStats } from './registry/events.js'
export type { AssumeRoleOptions } from './core/role.js'
export { publishService, type PublishServiceOptions, type PublishResult } from './publish/publish.js'
export { PublishError } from './publish/publish-error.js'
export { PublishInputError } from './publish/validate.js'
