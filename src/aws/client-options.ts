/**
 * `awsClientOptions`, checked: every key must be an option of the SDK v3 clients the
 * middleware creates, so that a typo (`regoin`) fails at cold start instead of being
 * ignored by the SDK, which would quietly read another Region.
 */
import type { Problem } from '../core/problem.js'
import { closestName } from '../core/suggest.js'
import { isObject } from '../core/values.js'

/**
 * The constructor options of the SDK v3 clients the middleware creates (SSM, Secrets
 * Manager, DynamoDB, Cloud Map, S3 and STS), as their `…ClientConfig` types declare them in
 * `@aws-sdk/client-*` 3.11xx: the union, so that one object serves every client.
 */
export const AWS_CLIENT_OPTIONS: ReadonlySet<string> = new Set([
  // What users set.
  'region',
  'endpoint',
  'credentials',
  'profile',
  'maxAttempts',
  'retryMode',
  'retryStrategy',
  'requestHandler',
  'logger',
  'useFipsEndpoint',
  'useDualstackEndpoint',
  'customUserAgent',
  'userAgentAppId',
  'defaultsMode',
  'tls',
  'systemClockOffset',
  'disableClockSkewCorrection',
  'ignoreConfiguredEndpointUrls',
  'extensions',
  'endpointProvider',
  'signer',
  'signerConstructor',
  'signingEscapePath',
  'signingRegion',
  'sigv4aSigningRegionSet',
  'authSchemePreference',
  'httpAuthSchemes',
  'httpAuthSchemeProvider',
  'credentialDefaultProvider',
  'defaultUserAgentProvider',
  'serviceConfiguredEndpoint',
  'cacheMiddleware',
  'protocol',
  'protocolSettings',
  // The SDK's plumbing, rarely set by hand.
  'apiVersion',
  'runtime',
  'serviceId',
  'disableHostPrefix',
  'urlParser',
  'bodyLengthChecker',
  'streamCollector',
  'sha256',
  'base64Decoder',
  'base64Encoder',
  'utf8Decoder',
  'utf8Encoder',
  // DynamoDB's and STS's own.
  'accountId',
  'accountIdEndpointMode',
  'endpointCacheSize',
  'endpointDiscoveryEnabled',
  'endpointDiscoveryEnabledProvider',
  'useGlobalEndpoint',
  // S3's own: path-style URLs for S3-compatible stores, buckets in another Region, checksums.
  'forcePathStyle',
  'followRegionRedirects',
  'useAccelerateEndpoint',
  'useArnRegion',
  'disableMultiregionAccessPoints',
  'bucketEndpoint',
  'requestChecksumCalculation',
  'responseChecksumValidation',
  'disableS3ExpressSessionAuth',
])

/** What is wrong with `awsClientOptions` (path from the option itself); undefined when nothing is. */
export function awsClientOptionsProblem(options: unknown): Problem | undefined {
  if (options === undefined) return undefined
  if (!isObject(options)) return { path: ['awsClientOptions'], problem: 'must be an object of AWS SDK client options, like { region }' }
  for (const key of Object.keys(options)) {
    if (AWS_CLIENT_OPTIONS.has(key)) continue
    const meant = closestName(key, AWS_CLIENT_OPTIONS)
    return { path: ['awsClientOptions', key], problem: `is not an option of the AWS SDK's clients${meant ? ` (did you mean "${meant}"?)` : ''}` }
  }
  const { region } = options
  if (region !== undefined && typeof region !== 'function' && (typeof region !== 'string' || region === ''))
    return { path: ['awsClientOptions', 'region'], problem: 'must be a Region name such as "eu-west-1"' }
  return undefined
}
