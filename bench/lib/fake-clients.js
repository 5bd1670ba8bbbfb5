/**
 * In-process fakes for the request-count scenario: real SDK v3 clients with one middleware
 * at the front of their stack that answers each command from memory and counts it, before
 * anything is serialised or signed. Passed to the registry through its `clients` option (and
 * to Powertools as `awsSdkV3Client`); they count calls, they time nothing.
 */
import { answer } from './fake-operations.js'

const CLIENT_OPTIONS = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark-secret-access-key' },
}

/**
 * A `Client` whose every command `respond(operation, input)` answers: `{ output }`, or
 * `{ error }` to reject with; `label` (default the operation) is what `counts` counts.
 */
export function countingClient(Client, respond, counts) {
  const client = new Client(CLIENT_OPTIONS)
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const operation = context.commandName.replace(/Command$/, '')
      const { label = operation, output, error } = await respond(operation, args.input)
      counts[label] = (counts[label] ?? 0) + 1
      if (error) throw error
      return { output: { $metadata: { httpStatusCode: 200 }, ...output }, response: {} }
    },
    { step: 'initialize', name: 'benchAnswerFromMemory', priority: 'high' },
  )
  return client
}

const awsError = (name, message, httpStatusCode = 400) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } })

/** SSM and Secrets Manager from the data set's store (lib/fake-operations.js). */
export const fromStore = (store) => (operation, input) => {
  const { status, payload } = answer(store, operation, input)
  return status === 200 ? { output: payload } : { error: awsError(payload.__type, payload.message, status) }
}

/**
 * One S3 object that never changes: GetObject answers it (200) unless `If-None-Match` names
 * its ETag, which S3 answers with 304 and no body (the SDK rejects with that status).
 */
export function s3Object(body) {
  const bytes = new TextEncoder().encode(body)
  const etag = '"6f1ed002ab5595859014ebf0951522d9"'
  return (operation, input) => {
    if (operation !== 'GetObject') return { error: awsError('UnknownOperation', operation) }
    if (input.IfNoneMatch === etag) return { label: 'GetObject 304', error: awsError('NotModified', 'Not Modified', 304) }
    return { label: 'GetObject 200', output: { Body: bytes, ContentLength: bytes.byteLength, ETag: etag } }
  }
}

/**
 * One AppConfig configuration that never changes: a session's first GetLatestConfiguration
 * holds it whole, every later one is empty ("unchanged"), each with a 60 s poll interval.
 */
export function appConfigProfile(configuration, pollIntervalSeconds = 60) {
  const bytes = new TextEncoder().encode(JSON.stringify(configuration))
  let tokens = 0
  return (operation, input) => {
    if (operation === 'StartConfigurationSession') return { output: { InitialConfigurationToken: `initial-${++tokens}` } }
    if (operation !== 'GetLatestConfiguration') return { error: awsError('UnknownOperation', operation) }
    const whole = input.ConfigurationToken.startsWith('initial-')
    return {
      label: `GetLatestConfiguration (${whole ? 'whole' : 'empty'})`,
      output: {
        Configuration: whole ? bytes : new Uint8Array(),
        ContentType: 'application/json',
        NextPollConfigurationToken: `next-${++tokens}`,
        NextPollIntervalInSeconds: pollIntervalSeconds,
      },
    }
  }
}

/** One Cloud Map service whose instances never change (revision 7). */
export function cloudMapService() {
  const instances = [1, 2].map((index) => ({
    InstanceId: `i-${index}`,
    NamespaceName: 'orders.internal',
    ServiceName: 'payments',
    HealthStatus: 'HEALTHY',
    Attributes: { AWS_INSTANCE_IPV4: `10.0.0.${index}`, AWS_INSTANCE_PORT: '8080' },
  }))
  return (operation) => {
    if (operation === 'DiscoverInstances') return { output: { Instances: instances, InstancesRevision: 7 } }
    if (operation === 'DiscoverInstancesRevision') return { output: { InstancesRevision: 7 } }
    return { error: awsError('UnknownOperation', operation) }
  }
}
