// Type tests for declarations: options that are wrong in kind or type fail to compile.
import { registry, secret, ssm } from '../../src/index.js'

// @ts-expect-error decrypt is a boolean
ssm('/a', { decrypt: 'yes' })
// @ts-expect-error versionStage belongs to secrets, not parameters
ssm('/a', { versionStage: 'AWSPREVIOUS' })
// @ts-expect-error decrypt belongs to parameters, not secrets
secret('a', { decrypt: false })
// @ts-expect-error an empty path resolves to {}: paths are never optional
ssm.path('/features/', { optional: true })
ssm.path('/features/', { recursive: false, decrypt: false, cacheExpiry: 1000 })

// @ts-expect-error fetch is required
registry({ cacheExpiry: 1000 })
// @ts-expect-error a fetch value must be a reference
registry({ fetch: { url: '/orders/prod/endpoint' } })
// @ts-expect-error cacheExpiry is a number of milliseconds
registry({ fetch: { url: ssm('/a') }, cacheExpiry: '5m' })
// @ts-expect-error unknown options are rejected
registry({ fetch: { url: ssm('/a') }, cacheExpire: 1000 })
registry({ fetch: { url: ssm('/a') }, local: false, prefetch: false, awsClientOptions: { region: 'eu-west-1' } })

// Freshness options: per registry and per reference.
registry({ fetch: { url: ssm('/a', { maxStale: 0 }) }, maxStale: Infinity, onEvent: (event) => void event.type })
secret('a', { rotation: true, maxStale: 60_000 })
// @ts-expect-error rotation belongs to secrets
ssm('/a', { rotation: true })
secret.json('a', { revalidate: false, rotation: true })
// @ts-expect-error revalidate belongs to secrets (DescribeSecret)
ssm('/a', { revalidate: false })
// @ts-expect-error revalidate is a boolean
secret('a', { revalidate: 'never' })
// @ts-expect-error onEvent is a function
registry({ fetch: { url: ssm('/a') }, onEvent: 'log' })

// Each backend adds its key to the `clients` option where it is declared.
const client = { send: async () => ({}) }
registry({ fetch: { url: ssm('/a') }, clients: { ssm: client, secretsManager: client, serviceDiscovery: client, dynamodb: client } })
// @ts-expect-error a client key no backend declares
registry({ fetch: { url: ssm('/a') }, clients: { sms: client } })
// @ts-expect-error a client has a send() method
registry({ fetch: { url: ssm('/a') }, clients: { ssm: {} } })
