export { DEFAULT_MAX_STALE } from './cache/freshness.js'
export { clearRegistryCache } from './cache/store.js'
export type { AwsClient } from './core/client-scope.js'
export { DEFAULT_REQUEST_TIMEOUT, DEFAULT_TIMEOUT_MARGIN } from './core/deadline.js'
export type { CommonOptions, Declared, Reference, ValueOf } from './core/reference.js'
export type { AssumeRoleOptions } from './core/role.js'
export { type PublishResult, type PublishServiceOptions, publishService } from './publish/publish.js'
export { PublishError } from './publish/publish-error.js'
export { PublishInputError } from './publish/validate.js'
export { RegistryError, type RegistryFailure } from './registry/errors.js'
export type { RegistryEvent, RegistryEventType, RegistryStats } from './registry/events.js'
export { registry } from './registry/middleware.js'
export { DEFAULT_CACHE_EXPIRY } from './registry/options.js'
export { type AuthRetryOptions, isHttpAuthFailure, retryOnAuthFailure } from './registry/retry.js'
export type { FetchMap, RegistryContext, RegistryMiddleware, RegistryOptions, RegistryValues } from './registry/types.js'
export { service } from './services/declare.js'
export {
  type AttributeDecoding,
  type Convention,
  DEFAULT_CONVENTION,
  type DynamoConvention,
  type ServiceConvention,
  type ServiceLocation,
  type ServiceOptions,
  type ServiceReference,
  type ServiceValue,
  STAGE_ENV,
} from './services/service.js'
export { type CloudMapEndpointOptions, type CloudMapInstance, type CloudMapOptions, cloudMap, type HealthStatus } from './sources/cloud-map/declare.js'
export { type DefinedSource, type DefinedSourceOptions, defineSource, type SourceDefinition } from './sources/custom/define.js'
export type { ReadContext, ReadFunction } from './sources/custom/read.js'
export { type DynamoKey, type DynamoOptions, dynamo } from './sources/dynamodb/declare.js'
export { LOCAL_REGISTRY_ENV } from './sources/local/loader.js'
export type { LocalRegistryFile } from './sources/local/read.js'
export { type SecretOptions, secret } from './sources/secrets-manager/declare.js'
export { type SsmOptions, type SsmPathOptions, ssm } from './sources/ssm/declare.js'
