/** The registry in AWS as a store: SSM parameters, Secrets Manager secrets, DynamoDB items. */
import type { RegistryAccess, RegistryStore, RegistryWriter } from '../store.js'
import { describeAws } from './identity.js'
import { putItem, readItems } from './items.js'
import { parametersUnder, putParameter, readParameters, tagParameter } from './parameters.js'
import { putSecret, readSecrets, readSecretValue, tagSecret } from './secrets.js'
import { sender } from './send.js'

export function awsStore(access: RegistryAccess): RegistryStore {
  const send = sender(access)
  let description: Promise<string> | undefined
  // AWS takes each write as it comes: a failure half-way leaves the earlier ones written.
  const writer: RegistryWriter = {
    putParameter: (entry, value) => putParameter(send, entry, value),
    tagParameter: (name, tags) => tagParameter(send, name, tags),
    putSecret: (name, value, tags, options) => putSecret(send, name, value, tags, options?.binary),
    tagSecret: (name, tags) => tagSecret(send, name, tags),
    putItem: (entry, key) => putItem(send, entry, key),
  }
  return {
    kind: 'aws',
    describe: () => (description ??= describeAws(access)),
    atomic: false,
    readParameters: (reads) => readParameters(send, reads),
    readSecrets: (reads) => readSecrets(send, reads),
    readSecretValue: (name) => readSecretValue(send, name),
    readItems: (desired) => readItems(send, desired),
    listParameters: (path) => parametersUnder(send, path),
    write: (writes) => writes(writer),
  }
}
