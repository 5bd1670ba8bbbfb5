import { describe, expect, it } from '@jest/globals'
import type { DesiredParameter, DesiredSecret } from '../../../src/registry-file/entries.js'
import { type WriteStep, type Written, writeSteps } from '../../../src/write/engine/write.js'
import { PublishError } from '../../../src/write/store/publish-error.js'
import type { RegistryStore, RegistryWriter } from '../../../src/write/store/store.js'

const placed = { stage: 'prod', origin: 'test' }
const endpoint: DesiredParameter = { kind: 'parameter', name: '/orders/prod/endpoint', type: 'String', value: 'https://o.example', tags: {}, ...placed }
const apiKey: DesiredSecret = { kind: 'secret', name: 'orders/prod/api-key', source: { given: true }, tags: {}, ...placed }
const steps: WriteStep[] = [
  { desired: endpoint, name: endpoint.name, action: 'update' },
  { desired: apiKey, name: apiKey.name, action: 'update', value: 'sk_9f8e7d6c' },
]

/** A store that records each write, and fails as told: at the endpoint's write, or when saving after the last. */
function storeThatFails(at: 'endpoint' | 'save', atomic: boolean) {
  const calls: string[] = []
  const writer: RegistryWriter = {
    async putParameter(entry) {
      calls.push(`parameter ${entry.name}`)
      if (at === 'endpoint') throw new PublishError('ThrottlingException', `ssm:PutParameter on ${entry.name}`, 'Rate exceeded')
      return 1
    },
    tagParameter: async () => undefined,
    async putSecret(name) {
      calls.push(`secret ${name}`)
      return { versionId: 'v-1', created: false }
    },
    tagSecret: async () => undefined,
    putItem: async () => undefined,
  }
  const store = {
    kind: 'local',
    describe: async () => 'a test store',
    atomic,
    async write(writes: (writer: RegistryWriter) => Promise<unknown>) {
      const result = await writes(writer)
      if (at === 'save') throw new PublishError('EACCES', 'write registry.json', 'the local registry file cannot be written')
      return result
    },
  } as unknown as RegistryStore
  return { store, calls }
}

const said = (written: readonly Written[]) => (written.length === 0 ? undefined : `written: ${written.map(({ name }) => name).join(', ')}`)

describe('the engine’s writes', () => {
  it('writes secrets before parameters, whatever the steps’ order', async () => {
    const { store, calls } = storeThatFails('save', false)
    await expect(writeSteps(store, steps, said)).rejects.toThrow(PublishError)
    expect(calls).toEqual(['secret orders/prod/api-key', 'parameter /orders/prod/endpoint'])
  })

  it('says what a store that writes as it goes already holds when a later write fails', async () => {
    const { store } = storeThatFails('endpoint', false)
    await expect(writeSteps(store, steps, said)).rejects.toThrow(
      'ssm:PutParameter on /orders/prod/endpoint failed: ThrottlingException: Rate exceeded (written: orders/prod/api-key)',
    )
  })

  it('says nothing was written when an all-or-nothing store fails to save', async () => {
    const { store } = storeThatFails('save', true)
    await expect(writeSteps(store, steps, said)).rejects.toThrow('write registry.json failed: EACCES: the local registry file cannot be written')
    await expect(writeSteps(store, steps, said)).rejects.not.toThrow(/written:/)
  })

  it('scrubs every value in play from a failure, not only the failing write’s', async () => {
    const { store } = storeThatFails('endpoint', false)
    const echo: RegistryStore = {
      ...store,
      write: () => Promise.reject(new Error('the service said sk_9f8e7d6c and other-secret')),
    }
    await expect(writeSteps(echo, steps, said, ['other-secret'])).rejects.toThrow('write to a test store failed: UnknownError: the service said **** and ****')
  })
})
