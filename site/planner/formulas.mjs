/**
 * The capacity planner's arithmetic: what a fleet of Lambda environments asks of Parameter
 * Store and Secrets Manager, against their quotas, and how often a cold start fails when a
 * scale-up outruns them. The page (capacity-planner.md) states the same formulas in words;
 * the browser runs this module, and planner/formulas.test.mjs checks a known case.
 */

/** Requests per second per account and Region (AWS's defaults; Parameter Store's with higher throughput off and on). */
export const QUOTAS = {
  GetParameters: { service: 'Parameter Store', perCall: 10, standard: 40, higher: 10_000 },
  GetParametersByPath: { service: 'Parameter Store', perCall: 1, standard: 100, higher: 100 },
  BatchGetSecretValue: { service: 'Secrets Manager', perCall: 20, standard: 100, higher: 100 },
}

/** Lambda adds at most 1,000 environments per function every 10 seconds. */
export const SCALE_UP_WINDOW_SECONDS = 10

/**
 * @param {object} input
 * @param {number} input.environments warm execution environments across every function and stage that read the registry
 * @param {number} input.parameters Parameter Store names per environment (ssm(), batched 10 per GetParameters)
 * @param {number} input.paths Parameter Store paths per environment (ssm.path(), one GetParametersByPath each, first page)
 * @param {number} input.secrets secrets per environment (secret(), batched 20 per BatchGetSecretValue)
 * @param {number} input.cacheExpirySeconds cacheExpiry, in seconds: each environment refreshes each batch once per expiry
 * @param {boolean} input.higherThroughput Parameter Store's higher throughput setting
 * @param {number} input.scaleUp new environments started in one 10-second window
 * @param {number} input.attempts attempts per request (the SDK's maxAttempts, 3 by default)
 */
export function plan({ environments, parameters, paths, secrets, cacheExpirySeconds, higherThroughput, scaleUp, attempts = 3 }) {
  const callsPerEnvironment = {
    GetParameters: Math.ceil(parameters / QUOTAS.GetParameters.perCall),
    GetParametersByPath: paths,
    BatchGetSecretValue: Math.ceil(secrets / QUOTAS.BatchGetSecretValue.perCall),
  }
  const newPerSecond = scaleUp / SCALE_UP_WINDOW_SECONDS
  let coldStartSuccess = 1
  const apis = Object.entries(QUOTAS).map(([api, quota]) => {
    const calls = callsPerEnvironment[api]
    // Steady state: every environment refreshes each of its batches once per expiry.
    const steady = cacheExpirySeconds > 0 ? (environments * calls) / cacheExpirySeconds : Number.POSITIVE_INFINITY
    // Scale-up: each new environment sends its batches once, at init.
    const burst = newPerSecond * calls
    const limit = higherThroughput ? quota.higher : quota.standard
    const demand = steady + burst
    // The share of requests refused when demand exceeds the quota, and of a request's attempts all refused.
    const throttled = demand > limit ? 1 - limit / demand : 0
    const failsAllAttempts = throttled ** attempts
    coldStartSuccess *= (1 - failsAllAttempts) ** calls
    return { api, service: quota.service, calls, steady, burst, demand, limit, utilisation: demand / limit, throttled, failsAllAttempts }
  })
  return { apis, coldStartFailureRate: 1 - coldStartSuccess }
}
