/**
 * The local registry file as a store, for offline development: `publish --local` writes
 * here, and `get`, `list` and `diff` read here. A parameter given as an array is a
 * StringList, anything else a String. DynamoDB items are not written to such a file: a
 * registry file with `dynamo` items is read by the local source as it is.
 */
import { resolve } from 'node:path'
import { PublishInputError } from '../../../core/problem.js'
import type { CurrentParameter, CurrentSecret, ListedParameter, RegistryStore, RegistryWriter } from '../store.js'
import { asText, inTurn, load, localVersionId, type RegistryDocument, record, save, tag, versionOf } from './document.js'

const typeOf = (value: unknown) => (Array.isArray(value) ? 'StringList' : 'String')
const tagsOf = (document: RegistryDocument, section: 'parameters' | 'secrets', name: string) => ({ ...document.published[section][name]?.tags })

const noItems = (file: string) =>
  new PublishInputError(`DynamoDB items are not written to the local registry file ${file}: point MIDDY_REGISTRY_LOCAL at the registry file itself`)

function writerOf(document: RegistryDocument, file: string): RegistryWriter {
  return {
    putParameter: async (entry, value) => record(document, 'parameters', entry.name, value),
    tagParameter: async (name, tags) => tag(document, 'parameters', name, tags),
    // A binary secret's value is base64 text: how the local registry holds one.
    async putSecret(name, value, tags) {
      const version = record(document, 'secrets', name, value)
      tag(document, 'secrets', name, tags)
      return { versionId: localVersionId(version), created: version === 1 }
    },
    tagSecret: async (name, tags) => tag(document, 'secrets', name, tags),
    putItem: async () => {
      throw noItems(file)
    },
  }
}

export function localStore(path: string): RegistryStore {
  const file = resolve(path)
  return {
    kind: 'local',
    describe: async () => `local registry file ${file}`,
    // The whole write is saved in one rename: a failure leaves the file as it was.
    atomic: true,

    async readParameters(reads) {
      const document = await load(file)
      const current = new Map<string, CurrentParameter>()
      for (const { name, tags } of reads) {
        if (!Object.hasOwn(document.parameters, name)) continue
        const value = document.parameters[name]
        const version = versionOf(document, 'parameters', name)
        current.set(name, { value: asText(value), type: typeOf(value), version, tags: tags ? tagsOf(document, 'parameters', name) : {} })
      }
      return current
    },

    async readSecrets(reads) {
      const document = await load(file)
      const current = new Map<string, CurrentSecret>()
      for (const { name, value } of reads) {
        if (!Object.hasOwn(document.secrets, name)) continue
        current.set(name, { tags: tagsOf(document, 'secrets', name), ...(value ? { value: asText(document.secrets[name]) } : {}) })
      }
      return current
    },

    async readSecretValue(name) {
      const document = await load(file)
      if (!Object.hasOwn(document.secrets, name)) return undefined
      return { value: asText(document.secrets[name]), versionId: localVersionId(versionOf(document, 'secrets', name)) }
    },

    async readItems() {
      throw noItems(file)
    },

    async listParameters(path): Promise<ListedParameter[]> {
      const document = await load(file)
      const prefix = path === '/' ? '/' : `${path}/`
      // Keys with a `:` are pinned versions of a parameter, not parameters of their own.
      return Object.entries(document.parameters)
        .filter(([name]) => name.startsWith(prefix) && !name.includes(':'))
        .map(([name, value]) => ({ name, type: typeOf(value), value: asText(value), version: versionOf(document, 'parameters', name) }))
    },

    write(writes) {
      return inTurn(file, async () => {
        const document = await load(file)
        const result = await writes(writerOf(document, file))
        await save(file, document)
        return result
      })
    },
  }
}
