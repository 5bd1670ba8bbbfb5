/**
 * `cloudMap()`: the instances AWS Cloud Map's DiscoverInstances returns for a service, and
 * `cloudMap.endpoint()`: one URL built from them, for the common case of one endpoint.
 * They are fetched, cached, refreshed and reported like every other reference.
 */
import type { AwsClient } from '../../core/client-scope.js'
import { describeValue } from '../../core/describe.js'
import { registerNotFoundCodes } from '../../core/outcome.js'
import { refusePerInvocation } from '../../core/per-invocation.js'
import { InputError } from '../../core/problem.js'
import {
  COMMON_OPTIONS,
  type CommonOptions,
  createReference,
  type Decoding,
  type HealthStatus,
  NON_EMPTY_STRING,
  type OptionCheck,
  type OptionChecks,
  oneOf,
  type Reference,
  type ReferenceOptions,
  validateOptions,
} from '../../core/reference.js'
import { isObject } from '../../core/values.js'
import type { CloudMapInstance } from './endpoint.js'
import { fetchFromCloudMap } from './read.js'

// DiscoverInstances of a namespace or service that does not exist.
registerNotFoundCodes(['NamespaceNotFound', 'ServiceNotFound'])

declare module '../../core/client-scope.js' {
  interface RegistryClients {
    /** Your own ServiceDiscoveryClient, used as it is (no Region routing for ARNs, not for references read through a role). */
    serviceDiscovery?: AwsClient
  }
}

/** Which service to discover, and which of its instances. */
export interface CloudMapOptions extends CommonOptions {
  /** The namespace's HTTP name (`HttpName`, usually its name). */
  namespace: string
  /** The service's name in the namespace. */
  service: string
  /**
   * Which instances by health (default `HEALTHY`; ignored by Cloud Map for services without
   * health checks). `ALL` also lets an expired entry be revalidated by its revision.
   */
  healthStatus?: HealthStatus
  /**
   * Only instances whose attributes hold every one of these values, e.g. `{ stage: 'prod' }`.
   * @defaultValue none: every instance of the health asked for
   */
  queryParameters?: Record<string, string>
}

/** How `cloudMap.endpoint()` turns an instance into a URL. */
export interface CloudMapEndpointOptions extends CloudMapOptions {
  /**
   * Take the endpoint from this attribute, as it is (e.g. `url`), instead of building it.
   * @defaultValue none: the URL is built from the instance's IP or CNAME and port
   */
  attribute?: string
  /** Scheme of a URL built from the instance's IP or CNAME and port (default `http`). */
  scheme?: 'http' | 'https'
}

type Optional = { optional: true }

const HEALTH_STATUSES: readonly HealthStatus[] = ['HEALTHY', 'UNHEALTHY', 'ALL', 'HEALTHY_OR_ELSE_ALL']

// Cloud Map attribute filters: names of 1-255 printable characters, values of at most 1024.
const ATTRIBUTE_FILTER: OptionCheck = {
  check: (value) =>
    isObject(value) && Object.entries(value).every(([name, text]) => /^[!-~]{1,255}$/.test(name) && typeof text === 'string' && text.length <= 1024),
  expected: 'an object of attribute names (1-255 printable characters, no spaces) to strings of at most 1024 characters',
}
const COMMON = { ...COMMON_OPTIONS, healthStatus: oneOf(HEALTH_STATUSES), queryParameters: ATTRIBUTE_FILTER }
const ENDPOINT_OPTIONS = {
  ...COMMON,
  attribute: NON_EMPTY_STRING,
  scheme: { check: (value: unknown) => value === 'http' || value === 'https', expected: '"http" or "https"' },
}
const LOCATION = ['namespace', 'service']

// AWS's patterns: an HTTP namespace name is 1-1024 printable characters without spaces; a
// service name is at most 127 characters of dot-separated labels of letters, digits, _ and -.
const NAMESPACE_PATTERN = /^[!-~]{1,1024}$/
const SERVICE_LABEL = /^[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?$/
const isServiceName = (name: string) => name.length <= 127 && name.split('.').every((label) => SERVICE_LABEL.test(label))

function checkLocation(caller: string, namespace: unknown, service: unknown): string {
  if (typeof namespace !== 'string' || !NAMESPACE_PATTERN.test(namespace)) {
    throw new InputError(caller, `option "namespace" must be a namespace name of 1-1024 printable characters without spaces, got ${describeValue(namespace)}`)
  }
  if (typeof service !== 'string' || !isServiceName(service)) {
    throw new InputError(
      caller,
      `option "service" must be a service name of at most 127 characters: dot-separated labels of letters, digits, _ and - (not starting or ending with -), got ${describeValue(service)}`,
    )
  }
  return `${namespace}/${service}`
}

// Cloud Map filters, in a stable order: `{ a, b }` and `{ b, a }` are one entry.
function discoveryKey({ healthStatus, queryParameters = {} }: ReferenceOptions): string {
  const query = Object.keys(queryParameters)
    .sort()
    .map((name) => [name, queryParameters[name]])
  return `health=${healthStatus ?? ''}|query=${JSON.stringify(query)}`
}

function cloudMapReference<T>(caller: string, options: unknown, decoding: Decoding, allowed: OptionChecks): Reference<T> {
  refusePerInvocation(caller, options)
  if (!isObject(options)) {
    throw new InputError(caller, `expects an options object like { namespace, service }`)
  }
  const { namespace, service, ...rest } = options as Record<string, unknown>
  const id = checkLocation(caller, namespace, service)
  // The location is an option here too: the message lists it with the others.
  const checked: ReferenceOptions = validateOptions(caller, rest, allowed, [...LOCATION, ...Object.keys(allowed)])
  const queryParameters = checked.queryParameters && Object.freeze({ ...checked.queryParameters })
  const readOptions = { ...checked, healthStatus: checked.healthStatus ?? 'HEALTHY', ...(queryParameters ? { queryParameters } : {}) }
  return createReference<T>({
    reader: fetchFromCloudMap,
    source: 'servicediscovery',
    client: 'servicediscovery',
    notFound: 'ServiceNotFound',
    kind: 'instances',
    readKey: discoveryKey(readOptions),
    id,
    selector: '',
    decoding,
    secret: false,
    options: readOptions,
  })
}

/**
 * The instances of a Cloud Map service (DiscoverInstances), each `{ id, attributes }`, in
 * Cloud Map's order. A service with no matching instance resolves to `[]`; a namespace or
 * service that does not exist fails with `NamespaceNotFound` / `ServiceNotFound`.
 */
function cloudMap(options: CloudMapOptions & Optional): Reference<CloudMapInstance[] | undefined>
function cloudMap(options: CloudMapOptions): Reference<CloudMapInstance[]>
function cloudMap(options: CloudMapOptions): Reference<CloudMapInstance[] | undefined> {
  return cloudMapReference('cloudMap()', options, 'instances', COMMON)
}

/**
 * One endpoint of a Cloud Map service, as a string: from the first instance (in Cloud Map's
 * answer, which it randomises) that carries the needed attributes. With `attribute`, that
 * attribute's value as it is; otherwise `scheme://host[:port]` from `AWS_INSTANCE_IPV4`
 * (else `AWS_INSTANCE_IPV6` in brackets, else `AWS_INSTANCE_CNAME`) and `AWS_INSTANCE_PORT`.
 * Fails with `NoInstances` when no instance matches, `NoEndpoint` when none carries them
 * (or resolves to `undefined` if `optional`).
 */
function endpoint(options: CloudMapEndpointOptions & Optional): Reference<string | undefined>
function endpoint(options: CloudMapEndpointOptions): Reference<string>
function endpoint(options: CloudMapEndpointOptions): Reference<string | undefined> {
  return cloudMapReference('cloudMap.endpoint()', options, 'endpoint', ENDPOINT_OPTIONS)
}

cloudMap.endpoint = endpoint

export { cloudMap }
