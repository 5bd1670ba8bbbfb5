/**
 * The capacity planner's arithmetic: what a fleet of Lambda environments asks of Parameter
 * Store and Secrets Manager, against their quotas, and how often a cold start fails when a
 * scale-up outruns them. The page (capacity-planner.md) and docs/scale.md state the same
 * formulas in words; the browser runs this module, and planner/formulas.test.mjs checks a
 * known case.
 *
 * The counts are the middleware's own batching (src/sources/ssm/read.ts,
 * src/sources/secrets-manager/read.ts and revalidate.ts): 10 names per GetParameters, pages
 * of 10 per GetParametersByPath, up to 20 secrets per BatchGetSecretValue (a lone secret:
 * GetSecretValue), a revalidation by one DescribeSecret per secret, and a full read of the
 * secrets once their value has only been revalidated for an hour.
 */

/** Parameter names per GetParameters call, parameters per GetParametersByPath page, secrets per BatchGetSecretValue call. */
export const PER_CALL = { GetParameters: 10, GetParametersByPath: 10, BatchGetSecretValue: 20 }

/** A secret's value is read in full once it has only been revalidated (DescribeSecret) for this long. */
export const FULL_READ_SECONDS = 3600

/**
 * Requests per second per account and Region (AWS's defaults, 2026). Parameter Store's
 * standard throughput is one pool of 40 shared by GetParameter, GetParameters and
 * GetParametersByPath; with higher throughput GetParameter and GetParameters share up to
 * 10,000 and GetParametersByPath has 100.
 */
export const QUOTAS = {
  GetParameters: { service: 'Parameter Store', standard: 40, higher: 10_000, sharedWhenStandard: true },
  GetParametersByPath: { service: 'Parameter Store', standard: 40, higher: 100, sharedWhenStandard: true },
  BatchGetSecretValue: { service: 'Secrets Manager', standard: 100, higher: 100 },
  GetSecretValue: { service: 'Secrets Manager', standard: 10_000, higher: 10_000 },
  DescribeSecret: { service: 'Secrets Manager', standard: 40_000, higher: 40_000 },
}

/** Lambda adds at most 1,000 environments per function every 10 seconds. */
export const SCALE_UP_WINDOW_SECONDS = 10

/**
 * Fetch tries of a cold start that waits `waitSeconds` (its remaining time less timeoutMargin;
 * the prefetch: prefetchWait) while it is throttled: the first, and each retry that starts
 * before the wait limit, the retries waiting at most 1 s, 2 s, 4 s, then 4 s each (the
 * backoff's upper bounds, held at the 4-second cap): 1 + ⌊log₂(W + 1)⌋ up to W = 7, then
 * 4 + ⌊(W − 7) ÷ 4⌋. An upper bound: it leaves out the time each try takes (the SDK's own
 * attempts inside it, up to about 1.5 s when they are throttled).
 */
export function triesWithin(waitSeconds) {
  if (!(waitSeconds > 0)) return 1
  return waitSeconds <= 7 ? 1 + Math.floor(Math.log2(waitSeconds + 1)) : 4 + Math.floor((waitSeconds - 7) / 4)
}

/**
 * @param {object} input
 * @param {number} input.environments warm execution environments across every function and stage that read the registry
 * @param {number} input.parameters Parameter Store names per environment (ssm(), batched 10 per GetParameters)
 * @param {number} input.paths Parameter Store paths per environment (ssm.path(), GetParametersByPath)
 * @param {number} [input.pathParameters] parameters under each path (pages of 10; 10 by default: one page)
 * @param {number} input.secrets secrets per environment (secret(), batched 20 per BatchGetSecretValue; a lone one: GetSecretValue)
 * @param {number} input.cacheExpirySeconds cacheExpiry, in seconds: each environment refreshes each batch once per expiry
 * @param {boolean} [input.revalidate] secrets revalidated by DescribeSecret (the default), or read at every refresh
 * @param {boolean} input.higherThroughput Parameter Store's higher throughput setting
 * @param {number} input.scaleUp new environments started in one 10-second window
 * @param {number} [input.attempts] attempts per request (the SDK's maxAttempts, 3 by default)
 * @param {number} [input.tries] fetch tries per cold start while throttled (triesWithin(wait); 1: the SDK's attempts only)
 */
export function plan({
  environments,
  parameters,
  paths,
  pathParameters = 10,
  secrets,
  cacheExpirySeconds,
  revalidate = true,
  higherThroughput,
  scaleUp,
  attempts = 3,
  tries = 1,
}) {
  const T = cacheExpirySeconds
  // Share of a secret batch's refreshes that read in full: one in ⌈3600 / T⌉ (every one when T ≥ 1 h).
  const fullShare = !revalidate || !(T > 0) ? 1 : 1 / Math.ceil(FULL_READ_SECONDS / T)
  const secretCalls = secrets === 1 ? 0 : Math.ceil(secrets / PER_CALL.BatchGetSecretValue)
  const lone = secrets === 1 ? 1 : 0
  // Requests per environment: at a cold start (`calls`) and per refresh, on average (`perRefresh`).
  const perEnvironment = {
    GetParameters: { calls: Math.ceil(parameters / PER_CALL.GetParameters) },
    GetParametersByPath: { calls: paths * Math.max(1, Math.ceil(pathParameters / PER_CALL.GetParametersByPath)) },
    BatchGetSecretValue: { calls: secretCalls, perRefresh: secretCalls * fullShare },
    GetSecretValue: { calls: lone, perRefresh: lone * fullShare },
    DescribeSecret: { calls: 0, perRefresh: revalidate ? secrets * (1 - fullShare) : 0 },
  }
  const newPerSecond = scaleUp / SCALE_UP_WINDOW_SECONDS
  const apis = Object.entries(QUOTAS).map(([api, quota]) => {
    const { calls, perRefresh = calls } = perEnvironment[api]
    // Steady state: every environment refreshes each of its batches once per expiry.
    const steady = perRefresh === 0 ? 0 : T > 0 ? (environments * perRefresh) / T : Number.POSITIVE_INFINITY
    // Scale-up: each new environment sends its batches once, at init.
    const burst = newPerSecond * calls
    return { api, service: quota.service, calls, steady, burst, demand: steady + burst, limit: higherThroughput ? quota.higher : quota.standard }
  })
  const byApi = Object.fromEntries(apis.map((row) => [row.api, row]))
  // A throttled BatchGetSecretValue is read again as GetSecretValue, one request per secret.
  const batch = byApi.BatchGetSecretValue
  const throttledShare = (demand, limit) => (demand > limit ? 1 - limit / demand : 0)
  const batchThrottled = throttledShare(batch.demand, batch.limit)
  const perBatch = secretCalls > 0 ? secrets / secretCalls : 0
  byApi.GetSecretValue.fallback = batchThrottled * batch.demand * perBatch
  byApi.GetSecretValue.demand += byApi.GetSecretValue.fallback
  // Standard throughput: Parameter Store's APIs draw on one pool of 40.
  const pool = apis.filter((row) => !higherThroughput && QUOTAS[row.api].sharedWhenStandard)
  const pooled = pool.reduce((sum, row) => sum + row.demand, 0)
  const A = attempts * tries
  let coldStartSuccess = 1
  for (const row of apis) {
    const load = pool.includes(row) ? pooled : row.demand
    row.shared = pool.includes(row)
    row.utilisation = load / row.limit
    // The share of requests refused when demand exceeds the quota, and of a request's attempts all refused.
    row.throttled = throttledShare(load, row.limit)
    row.failsAllAttempts = row.throttled ** A
  }
  const getSecret = byApi.GetSecretValue.failsAllAttempts
  for (const row of apis) {
    if (row.api === 'BatchGetSecretValue') {
      // A batch's secrets fail only when the batch is refused on every attempt and then a secret's GetSecretValue is too.
      coldStartSuccess *= (1 - row.failsAllAttempts * (1 - (1 - getSecret) ** perBatch)) ** row.calls
    } else coldStartSuccess *= (1 - row.failsAllAttempts) ** row.calls
  }
  return { apis, coldStartFailureRate: 1 - coldStartSuccess }
}
