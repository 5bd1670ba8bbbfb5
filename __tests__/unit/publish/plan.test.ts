import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { publishService } from '../../../src/write/publish/index.js'
import { planPublish } from '../../../src/write/publish/plan.js'
import { tempDirectory } from './temp-file.js'

const KEY = 'local-key-0a1b2c'
let directory: Awaited<ReturnType<typeof tempDirectory>>
let local: string
const orders = () => ({ service: 'orders', stage: 'dev', endpoint: 'https://orders.dev.example', local })

beforeEach(async () => {
  directory = await tempDirectory()
  local = directory.path('registry.json')
  await publishService({ ...orders(), apiKey: KEY, tags: { team: 'payments' } })
})
afterEach(() => directory.remove())

describe('planning a publish (diff)', () => {
  it('finds nothing to change when every value is the same', async () => {
    const plan = await planPublish({ ...orders(), apiKey: KEY, tags: { team: 'payments' } })
    expect(plan.changed).toBe(false)
    expect(plan.endpoint).toEqual({ name: '/orders/dev/endpoint', from: 'https://orders.dev.example', to: 'https://orders.dev.example', changed: false })
  })

  it('shows the endpoint’s old and new values', async () => {
    const plan = await planPublish({ ...orders(), endpoint: 'https://orders-v2.dev.example' })
    expect(plan).toMatchObject({ changed: true, endpoint: { from: 'https://orders.dev.example', to: 'https://orders-v2.dev.example', changed: true } })
  })

  it('says whether the API key would change, never what it is', async () => {
    const plan = await planPublish({ ...orders(), apiKey: 'rotated-key' })
    expect(plan.apiKey).toEqual({ secretId: 'orders/dev/api-key', exists: true, changed: true })
    expect(JSON.stringify(plan)).not.toContain('rotated-key')
    expect(JSON.stringify(plan)).not.toContain(KEY)
  })

  it('reports a service not yet published as all new', async () => {
    const plan = await planPublish({ ...orders(), service: 'billing', apiKey: KEY })
    expect(plan).toMatchObject({ changed: true, endpoint: { to: 'https://orders.dev.example', changed: true }, apiKey: { exists: false, changed: true } })
    expect(plan.endpoint).not.toHaveProperty('from')
  })

  it('lists the tags that would be added or changed', async () => {
    const plan = await planPublish({ ...orders(), tags: { team: 'payments', owner: 'ana', tier: '1' } })
    expect(plan.tags).toEqual([
      { key: 'owner', to: 'ana' },
      { key: 'tier', to: '1' },
    ])
    const changed = await planPublish({ ...orders(), tags: { team: 'search' } })
    expect(changed.tags).toEqual([{ key: 'team', from: 'payments', to: 'search' }])
  })

  it('refuses what publish would refuse', async () => {
    await expect(planPublish({ ...orders(), endpoint: 'http://orders.dev.example' })).rejects.toThrow('must be an https URL')
  })
})
