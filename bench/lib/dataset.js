/**
 * What every library fetches in a scenario: N parameter names and M secret ids, the
 * context key each value lands under (the same keys for every library), and the store
 * the latency simulator answers from.
 */

const pad = (index) => String(index).padStart(3, '0')

/** `{ parameters: [{ key, name }], secrets: [{ key, id }], store }` for N names and M secrets. */
export function datasetOf(n, m) {
  const parameters = Array.from({ length: n }, (_, index) => ({
    key: `param${pad(index)}`,
    name: `/bench/orders/prod/service-${pad(index)}/endpoint`,
    value: `https://service-${pad(index)}.orders.internal.example.com:8443/v1`,
  }))
  const secrets = Array.from({ length: m }, (_, index) => ({
    key: `secret${pad(index)}`,
    id: `bench/orders/prod/api-key-${pad(index)}`,
    value: `sk_live_${pad(index)}_${'x'.repeat(40)}`,
  }))
  const store = {
    parameters: new Map(parameters.map(({ name, value }) => [name, value])),
    secrets: new Map(secrets.map(({ id, value }) => [id, value])),
  }
  return { parameters, secrets, store }
}

/** A Lambda-like context, new for each invocation as Lambda gives it. */
export function lambdaContext(requestId) {
  return {
    awsRequestId: requestId,
    functionName: 'bench',
    functionVersion: '$LATEST',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: remainingTime,
  }
}

const remainingTime = () => 30_000
