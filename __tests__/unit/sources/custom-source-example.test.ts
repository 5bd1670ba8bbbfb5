/** The custom-sources guide's example, run against a configuration service on loopback. */

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { ordersHandler } from '../../../examples/custom-source/config-source.js'
import { clearRegistryCache } from '../../../src/index.js'
import { lambdaContext } from '../helpers.js'

const VALUES: Record<string, string> = { 'orders/endpoint': 'https://orders.example.com', 'orders/limits': '{"rps":200}' }
const requests: string[] = []
let server: Server
let baseUrl: string

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '')
    const ids = new URL(request.url ?? '/', 'http://localhost').searchParams.get('ids')?.split(',') ?? []
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify(Object.fromEntries(ids.filter((id) => id in VALUES).map((id) => [id, VALUES[id]]))))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))
beforeEach(() => {
  clearRegistryCache()
  requests.length = 0
})

describe('a JSON configuration service as a registry', () => {
  it('resolves the declared map in one HTTP request, then serves it from the cache', async () => {
    const handler = ordersHandler(baseUrl)
    await expect(handler({}, lambdaContext() as never)).resolves.toEqual({ url: 'https://orders.example.com', rps: 200, canary: 'off' })
    await handler({}, lambdaContext() as never)
    expect(requests).toEqual(['/values?ids=orders%2Fendpoint,orders%2Flimits,orders%2Fcanary'])
  })
})
