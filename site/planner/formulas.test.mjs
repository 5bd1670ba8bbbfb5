import assert from 'node:assert/strict'
import { test } from 'node:test'
import { plan } from './formulas.mjs'

const close = (actual, expected, digits = 4) => assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} is not ${expected}`)

// The known case the page's browser test also enters: 500 environments, 20 names, 5 secrets,
// 5-minute expiry, standard throughput, 1,000 new environments in 10 s, 3 attempts.
export const KNOWN = { environments: 500, parameters: 20, paths: 0, secrets: 5, cacheExpirySeconds: 300, higherThroughput: false, scaleUp: 1000, attempts: 3 }

test('the known case: GetParameters far over 40 TPS, BatchGetSecretValue just over 100', () => {
  const { apis, coldStartFailureRate } = plan(KNOWN)
  const byApi = Object.fromEntries(apis.map((api) => [api.api, api]))
  // GetParameters: ⌈20/10⌉ = 2 per environment; 500 × 2 / 300 s = 3.333/s steady; 100/s × 2 = 200/s at scale-up.
  close(byApi.GetParameters.steady, 10 / 3)
  close(byApi.GetParameters.burst, 200)
  close(byApi.GetParameters.demand, 203.3333)
  close(byApi.GetParameters.throttled, 1 - 40 / (610 / 3))
  // BatchGetSecretValue: ⌈5/20⌉ = 1; 500 / 300 = 1.667/s steady; 100/s at scale-up; 101.667 against 100.
  close(byApi.BatchGetSecretValue.demand, 101.6667)
  assert.equal(byApi.GetParametersByPath.demand, 0)
  // A cold start fails when any of its 3 requests is refused 3 times: 1 − (1 − p₁³)² (1 − p₂³).
  const p1 = 1 - 40 / (610 / 3)
  const p2 = 1 - 100 / (305 / 3)
  close(coldStartFailureRate, 1 - (1 - p1 ** 3) ** 2 * (1 - p2 ** 3))
  assert.equal(coldStartFailureRate.toFixed(3), '0.768')
})

test('higher throughput takes GetParameters to 10,000 TPS: no failure', () => {
  const { apis, coldStartFailureRate } = plan({ ...KNOWN, higherThroughput: true, secrets: 0 })
  assert.equal(apis.find((api) => api.api === 'GetParameters').throttled, 0)
  assert.equal(coldStartFailureRate, 0)
})

test('within every quota nothing is throttled', () => {
  const { apis, coldStartFailureRate } = plan({ ...KNOWN, environments: 50, scaleUp: 100 })
  for (const api of apis) assert.ok(api.demand <= api.limit, api.api)
  assert.equal(coldStartFailureRate, 0)
})
