/**
 * middy-registry: what a function author needs (the middleware, a reference family per
 * source, services, failures and events), sorted by module. The registry as code's
 * publisher is `middy-registry/publish`, test stubs `middy-registry/testing`, the local
 * registry for a bundle `middy-registry/local`.
 */

export { DEFAULT_MAX_ENTRIES } from './cache/bound.js'
export { DEFAULT_MAX_STALE } from './cache/freshness.js'
export { clearRegistryCache } from './cache/store.js'
export type { AwsClient, RegistryClients } from './core/client-scope.js'
export { DEFAULT_REQUEST_TIMEOUT, DEFAULT_TIMEOUT_MARGIN } from './core/deadline.js'
export type { DefaultOption, OptionalOption } from './core/default-value.js'
export type { IdFunction, InvocationRequest } from './core/per-invocation.js'
export type { CommonOptions, Declared, HealthStatus, Reference, ValueOf } from './core/reference.js'
export type { AssumeRoleOptions } from './core/role.js'
export type { RegistryChange } from './registry/changes.js'
export { RegistryError, type RegistryFailure } from './registry/errors.js'
export type { RegistryEvent, RegistryEventType, RegistryStats } from './registry/events.js'
export { registry } from './registry/middleware.js'
export { DEFAULT_CACHE_EXPIRY } from './registry/options.js'
export { type AuthRetryOptions, isHttpAuthFailure, retryOnAuthFailure } from './registry/retry.js'
export type { SnapshotLocation, SnapshotOption } from './registry/snapshot-location.js'
export type { FetchMap, RegistryChangeOf, RegistryContext, RegistryMiddleware, RegistryOptions, RegistryValues } from './registry/types.js'
export { service } from './services/declare.js'
export type { AttributeDecoding, DynamoConvention } from './services/dynamo-convention.js'
export {
  type Convention,
  DEFAULT_CONVENTION,
  type ServiceConvention,
  type ServiceLocation,
  type ServiceOptions,
  type ServiceReference,
  type ServiceValue,
  STAGE_ENV,
} from './services/service.js'
export { type AppConfigLocation, type AppConfigOptions, appConfig, type FeatureFlag, type FeatureFlags } from './sources/appconfig/declare.js'
export { type CloudMapEndpointOptions, type CloudMapOptions, cloudMap } from './sources/cloud-map/declare.js'
export type { CloudMapInstance } from './sources/cloud-map/endpoint.js'
export { type DefinedSource, type DefinedSourceOptions, defineSource, type SourceDefinition } from './sources/custom/define.js'
export type { ReadContext, ReadFunction } from './sources/custom/read.js'
export { type AuthTokenOptions, type DsqlEndpoint, dsqlAuthToken, type RdsEndpoint, rdsAuthToken } from './sources/database-tokens/declare.js'
export { type DynamoKey, type DynamoOptions, dynamo } from './sources/dynamodb/declare.js'
export { type S3Options, s3 } from './sources/s3/declare.js'
export { type SecretOptions, secret } from './sources/secrets-manager/declare.js'
export { type SsmOptions, type SsmPathOptions, ssm } from './sources/ssm/declare.js'
