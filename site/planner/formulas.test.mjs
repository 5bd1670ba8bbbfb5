import assert from 'node:assert/strict'
import { test } from 'node:test'
import { plan, triesWithin } from './formulas.mjs'

const close = (actual, expected, digits = 4) => assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} is not ${expected}`)
const rows = (input) => {
  const result = plan(input)
  return { ...result, byApi: Object.fromEntries(result.apis.map((api) => [api.api, api])) }
}

// The known case the page's browser test also enters: 500 environments, 20 names, 5 secrets,
// 5-minute expiry, standard throughput, 1,000 new environments in 10 s, 3 attempts.
export const KNOWN = { environments: 500, parameters: 20, paths: 0, secrets: 5, cacheExpirySeconds: 300, higherThroughput: false, scaleUp: 1000, attempts: 3 }

test('the known case: GetParameters far over 40 TPS, BatchGetSecretValue just over 100', () => {
  const { byApi, coldStartFailureRate } = rows(KNOWN)
  // GetParameters: ⌈20/10⌉ = 2 per environment; 500 × 2 / 300 s = 3.333/s steady; 100/s × 2 = 200/s at scale-up.
  close(byApi.GetParameters.steady, 10 / 3)
  close(byApi.GetParameters.burst, 200)
  close(byApi.GetParameters.demand, 203.3333)
  close(byApi.GetParameters.throttled, 1 - 40 / (610 / 3))
  // Revalidation: 1 refresh in ⌈3600/300⌉ = 12 reads in full (1 BatchGetSecretValue), the other 11 send 5 DescribeSecret.
  // BatchGetSecretValue: 500 × 1/12 / 300 = 0.139/s steady; 100/s at scale-up; 100.139 against 100.
  close(byApi.BatchGetSecretValue.steady, 500 / 12 / 300)
  close(byApi.BatchGetSecretValue.demand, 100 + 500 / 12 / 300)
  close(byApi.DescribeSecret.steady, (500 * 5 * 11) / 12 / 300)
  assert.equal(byApi.DescribeSecret.burst, 0)
  // Its throttled share falls back to GetSecretValue, 5 secrets a batch: far under 10,000.
  const pBatch = 1 - 100 / (100 + 500 / 12 / 300)
  close(byApi.GetSecretValue.demand, pBatch * (100 + 500 / 12 / 300) * 5)
  assert.equal(byApi.GetSecretValue.throttled, 0)
  assert.equal(byApi.GetParametersByPath.demand, 0)
  // A cold start fails when any of its 2 GetParameters requests is refused 3 times (the secrets fall back): 1 − (1 − p³)².
  const p = 1 - 40 / (610 / 3)
  close(coldStartFailureRate, 1 - (1 - p ** 3) ** 2)
  assert.equal(coldStartFailureRate.toFixed(3), '0.768')
})

test('the hour of a warm environment matches the benchmark: 12 GetParameters, 55 DescribeSecret, 1 BatchGetSecretValue', () => {
  const hour = (input) =>
    Object.fromEntries(rows({ ...KNOWN, environments: 1, parameters: 10, scaleUp: 0, ...input }).apis.map((api) => [api.api, Math.round(api.steady * 3600)]))
  assert.deepEqual(hour({}), { GetParameters: 12, GetParametersByPath: 0, BatchGetSecretValue: 1, GetSecretValue: 0, DescribeSecret: 55 })
  assert.deepEqual(hour({ revalidate: false }), { GetParameters: 12, GetParametersByPath: 0, BatchGetSecretValue: 12, GetSecretValue: 0, DescribeSecret: 0 })
  // An hour's expiry or more: every refresh reads. A lone secret: GetSecretValue.
  assert.equal(hour({ cacheExpirySeconds: 3600 }).DescribeSecret, 0)
  assert.deepEqual(hour({ secrets: 1, revalidate: false }).GetSecretValue, 12)
})

test("Parameter Store's standard 40 is shared by GetParameters and GetParametersByPath; higher throughput splits them", () => {
  const standard = rows({ ...KNOWN, secrets: 0, parameters: 10, paths: 1, pathParameters: 25, scaleUp: 100 }).byApi
  // 3 pages of 10 for 25 parameters under the path.
  assert.equal(standard.GetParametersByPath.calls, 3)
  close(standard.GetParameters.demand, 500 / 300 + 10)
  close(standard.GetParametersByPath.demand, 1500 / 300 + 30)
  const pooled = 500 / 300 + 10 + 1500 / 300 + 30
  close(standard.GetParameters.utilisation, pooled / 40)
  close(standard.GetParametersByPath.throttled, 1 - 40 / pooled)
  const higher = rows({ ...KNOWN, secrets: 0, parameters: 10, paths: 1, pathParameters: 25, scaleUp: 100, higherThroughput: true }).byApi
  assert.equal(higher.GetParameters.limit, 10_000)
  assert.equal(higher.GetParametersByPath.limit, 100)
  assert.equal(higher.GetParametersByPath.throttled, 0)
})

test('higher throughput takes GetParameters to 10,000 TPS: no failure', () => {
  const { byApi, coldStartFailureRate } = rows({ ...KNOWN, higherThroughput: true, secrets: 0 })
  assert.equal(byApi.GetParameters.throttled, 0)
  assert.equal(coldStartFailureRate, 0)
})

test('throttle-aware retries: more tries within the wait lower the failure rate', () => {
  assert.equal(triesWithin(0), 1)
  assert.equal(triesWithin(1), 2) // a retry after at most 1 s
  assert.equal(triesWithin(2.5), 2) // the second retry could start 3 s in
  assert.equal(triesWithin(3), 3)
  assert.equal(triesWithin(7), 4) // retries by 1 s, 3 s and 7 s
  assert.equal(triesWithin(10.9), 4) // the next, held at the 4 s cap, by 11 s
  assert.equal(triesWithin(11), 5)
  assert.equal(triesWithin(13.5), 5) // ready() and an invocation of 6 s: 8 s + 5.5 s
  const once = plan(KNOWN).coldStartFailureRate
  const retried = plan({ ...KNOWN, tries: 3 }).coldStartFailureRate
  const p = 1 - 40 / (610 / 3)
  close(retried, 1 - (1 - p ** 9) ** 2)
  assert.ok(retried < once)
})

test('within every quota nothing is throttled', () => {
  const { apis, coldStartFailureRate } = plan({ ...KNOWN, environments: 50, scaleUp: 100 })
  for (const api of apis) assert.ok(api.utilisation <= 1, api.api)
  assert.equal(coldStartFailureRate, 0)
})
