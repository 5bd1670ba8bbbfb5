/** DynamoDB batching: BatchGetItem calls of at most 100 keys, unprocessed keys retried, whole-call errors split, ARNs and roles routed. */

import { BatchGetItemCommand, type BatchGetItemCommandInput } from '@aws-sdk/client-dynamodb'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { dynamo, type Reference, registry } from '../../../src/index.js'
import { MAX_ATTEMPTS, retryDelay } from '../../../src/sources/dynamodb/read.js'
import { batchGetItemCalls, batchGetItemFrom, keysPerCall, requestItemsSent, type StoredItem, serveItems } from '../dynamo-store.js'
import { awsError, eventually, gate, invoke, invokeFailing, testOptions } from '../helpers.js'
import { dynamoMock, resetAll, stsMock } from '../mocks.js'

const itemsNamed = (prefix: string, count: number): StoredItem[] =>
  Array.from({ length: count }, (_, index) => ({ pk: { S: `${prefix}-${index}` }, value: { S: `${prefix} value ${index}` } }))

const fetchOf = (table: string, prefix: string, count: number, options = {}) =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`${prefix}${index}`, dynamo(table, `${prefix}-${index}`, options)])) as Record<
    string,
    Reference<string>
  >

beforeEach(() => {
  resetAll()
  serveItems({ registry: { key: ['pk'], items: itemsNamed('svc', 150) }, flags: { key: ['pk'], items: itemsNamed('flag', 30) } })
})

describe('every due item goes out in BatchGetItem calls of at most 100 keys', () => {
  it('reads 150 items in 2 calls, 100 and 50 keys, and resolves each', async () => {
    const context = await invoke(registry({ fetch: fetchOf('registry', 'svc', 150), ...testOptions() }))

    expect(keysPerCall()).toEqual([100, 50])
    expect(context.svc0).toBe('svc value 0')
    expect(context.svc149).toBe('svc value 149')
  })

  it('sends all calls at once', async () => {
    const held = gate()
    const answer = batchGetItemFrom({ registry: { key: ['pk'], items: itemsNamed('svc', 150) } })
    dynamoMock.on(BatchGetItemCommand).callsFake(async (input: BatchGetItemCommandInput) => {
      await held.opened
      return answer(input)
    })

    const invocation = invoke(registry({ fetch: fetchOf('registry', 'svc', 150), ...testOptions() }))
    expect(await eventually(() => batchGetItemCalls().length === 2)).toBe(true)
    held.open()

    expect((await invocation).svc120).toBe('svc value 120')
  })

  it('puts several tables in one call', async () => {
    await invoke(registry({ fetch: { ...fetchOf('registry', 'svc', 3), ...fetchOf('flags', 'flag', 2) }, ...testOptions() }))

    expect(requestItemsSent()).toEqual([
      {
        registry: { Keys: [{ pk: { S: 'svc-0' } }, { pk: { S: 'svc-1' } }, { pk: { S: 'svc-2' } }] },
        flags: { Keys: [{ pk: { S: 'flag-0' } }, { pk: { S: 'flag-1' } }] },
      },
    ])
  })

  it('keeps consistent and eventually consistent reads of one table in separate calls, and mixes other tables in', async () => {
    const fetch = {
      strong: dynamo('registry', 'svc-5', { consistentRead: true }),
      ...fetchOf('registry', 'svc', 2),
      flag: dynamo('flags', 'flag-0', { consistentRead: true }),
    }

    await invoke(registry({ fetch, ...testOptions() }))

    expect(requestItemsSent()).toEqual([
      { registry: { Keys: [{ pk: { S: 'svc-5' } }], ConsistentRead: true }, flags: { Keys: [{ pk: { S: 'flag-0' } }], ConsistentRead: true } },
      { registry: { Keys: [{ pk: { S: 'svc-0' } }, { pk: { S: 'svc-1' } }] } },
    ])
  })

  it('never sends one key twice in a call, whatever attributes the keys read', async () => {
    const fetch = {
      url: dynamo('registry', 'svc-1'),
      again: dynamo('registry', 'svc-1', { cacheExpiry: 0 }),
      other: dynamo('registry', 'svc-1', { attribute: 'pk' }),
    }

    const context = await invoke(registry({ fetch, ...testOptions() }))

    expect(requestItemsSent()).toEqual([{ registry: { Keys: [{ pk: { S: 'svc-1' } }] } }])
    expect(context.other).toBe('svc-1')
  })
})

describe('keys DynamoDB leaves unprocessed', () => {
  afterEach(() => {
    jest.useRealTimers()
  })

  /** DynamoDB answers the first `throttled` calls leaving their last key unprocessed. */
  function leaveLastKeyUnprocessed(throttled: number): void {
    const answer = batchGetItemFrom({ registry: { key: ['pk'], items: itemsNamed('svc', 150) } })
    let calls = 0
    dynamoMock.on(BatchGetItemCommand).callsFake((input: BatchGetItemCommandInput) => {
      const output = answer(input)
      if (++calls > throttled) return output
      const keys = input.RequestItems!.registry!.Keys!
      const last = keys[keys.length - 1]!
      const Responses = { registry: output.Responses.registry!.filter((item) => item.pk!.S !== last.pk!.S) }
      return { Responses, UnprocessedKeys: { registry: { Keys: [last] } } }
    })
  }

  /** Runs an invocation with fake timers, moving time on until it settles. */
  async function invokeWithFakeTime<T>(invocation: () => Promise<T>): Promise<T> {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] })
    let settled = false
    const result = invocation().finally(() => (settled = true))
    while (!settled) await jest.advanceTimersByTimeAsync(100)
    return result
  }

  it('sends them again, alone, until DynamoDB processes them', async () => {
    leaveLastKeyUnprocessed(3)

    const context = await invokeWithFakeTime(() => invoke(registry({ fetch: fetchOf('registry', 'svc', 3), ...testOptions() })))

    expect(context).toEqual(expect.objectContaining({ svc0: 'svc value 0', svc1: 'svc value 1', svc2: 'svc value 2' }))
    expect(keysPerCall()).toEqual([3, 1, 1, 1])
    expect(requestItemsSent()[1]).toEqual({ registry: { Keys: [{ pk: { S: 'svc-2' } }] } })
  })

  it('keeps ConsistentRead when sending them again', async () => {
    leaveLastKeyUnprocessed(1)

    await invokeWithFakeTime(() => invoke(registry({ fetch: fetchOf('registry', 'svc', 2, { consistentRead: true }), ...testOptions() })))

    expect(requestItemsSent()[1]).toEqual({ registry: { Keys: [{ pk: { S: 'svc-1' } }], ConsistentRead: true } })
  })

  it('waits before sending them again', async () => {
    leaveLastKeyUnprocessed(1)
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] })

    const invocation = invoke(registry({ fetch: fetchOf('registry', 'svc', 2), ...testOptions() }))
    expect(await eventually(() => batchGetItemCalls().length === 1)).toBe(true)
    await jest.advanceTimersByTimeAsync(20)
    expect(batchGetItemCalls()).toHaveLength(1)
    await jest.advanceTimersByTimeAsync(30)

    expect((await invocation).svc1).toBe('svc value 1')
    expect(batchGetItemCalls()).toHaveLength(2)
  })

  it(`gives up after ${MAX_ATTEMPTS} calls, failing only the unprocessed keys with UnprocessedKeys`, async () => {
    leaveLastKeyUnprocessed(Infinity)

    const error = await invokeWithFakeTime(() => invokeFailing(registry({ fetch: fetchOf('registry', 'svc', 3), ...testOptions() })))

    expect(error.failures).toEqual([expect.objectContaining({ key: 'svc2', code: 'UnprocessedKeys' })])
    expect(batchGetItemCalls()).toHaveLength(MAX_ATTEMPTS)
  })

  it('waits longer before each try: from 25-50 ms, doubling, 1.55 s at most in all, within the request timeout', () => {
    const lowest = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, index) => retryDelay(index + 1, () => 0))
    const highest = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, index) => retryDelay(index + 1, () => 1))

    expect(lowest).toEqual([25, 50, 100, 200, 400])
    expect(highest).toEqual([50, 100, 200, 400, 800])
  })
})

describe('a call that fails because of one table or one key', () => {
  it('reads each table apart when one table does not exist, so only its keys fail', async () => {
    const fetch = { svc: dynamo('registry', 'svc-1'), gone: dynamo('registry-old', 'svc-1'), flag: dynamo('flags', 'flag-1') }

    const error = await invokeFailing(registry({ fetch, ...testOptions() }))

    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'gone',
        id: 'registry-old {"pk":"svc-1"}',
        code: 'ResourceNotFoundException',
        message: 'table registry-old was not found: Requested resource not found (searched in eu-west-1)',
      }),
    ])
    expect(keysPerCall()).toEqual([3, 1, 1, 1])
  })

  it('reads each key apart when a key does not match its table, so only that key fails', async () => {
    const fetch = { a: dynamo('registry', 'svc-1'), b: dynamo('registry', 'svc-2'), wrong: dynamo('registry', { partition: 'svc-3', sort: 'prod' }) }

    const error = await invokeFailing(registry({ fetch, ...testOptions() }))

    expect(error.failures).toEqual([
      expect.objectContaining({ key: 'wrong', code: 'ValidationException', message: 'The provided key element does not match the schema' }),
    ])
    expect(keysPerCall()).toEqual([3, 1, 1, 1])
  })

  it('reads each key apart when access is denied, so only the denied keys fail', async () => {
    const answer = batchGetItemFrom({ registry: { key: ['pk'], items: itemsNamed('svc', 3) } })
    dynamoMock.on(BatchGetItemCommand).callsFake((input: BatchGetItemCommandInput) => {
      // IAM's dynamodb:LeadingKeys lets the role read svc-* keys only.
      const keys = input.RequestItems!.registry!.Keys!
      if (keys.some((key) => !key.pk!.S!.startsWith('svc-'))) throw awsError('AccessDeniedException', 'not authorized to perform: dynamodb:BatchGetItem')
      return answer(input)
    })

    const error = await invokeFailing(
      registry({ fetch: { a: dynamo('registry', 'svc-1'), secret: dynamo('registry', 'admin'), b: dynamo('registry', 'svc-2') }, ...testOptions() }),
    )

    expect(error.failures.map(({ key, code }) => `${key}: ${code}`)).toEqual(['secret: AccessDeniedException'])
  })
})

describe('where a call goes', () => {
  const ARN = 'arn:aws:dynamodb:eu-central-1:111111111111:table/registry'

  it('sends a table named by ARN to its Region, keyed by the ARN', async () => {
    const context = await invoke(registry({ fetch: { here: dynamo('registry', 'svc-1'), there: dynamo(ARN, 'svc-2') }, ...testOptions() }))

    const calls = await Promise.all(
      batchGetItemCalls().map(async (call) => ({
        region: await (call.thisValue as unknown as { config: { region: () => Promise<string> } }).config.region(),
        tables: Object.keys(call.args[0].input.RequestItems!),
      })),
    )
    expect(calls.sort((a, b) => a.region.localeCompare(b.region))).toEqual([
      { region: 'eu-central-1', tables: [ARN] },
      { region: 'eu-west-1', tables: ['registry'] },
    ])
    expect(context.there).toBe('svc value 2')
  })

  it('reads through a role with the role session credentials', async () => {
    stsMock
      .on(AssumeRoleCommand)
      .resolves({ Credentials: { AccessKeyId: 'ASIAROLE', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } })
    const reader = { roleArn: 'arn:aws:iam::111111111111:role/registry-reader' }

    const context = await invoke(registry({ fetch: { url: dynamo(ARN, 'svc-1', { assumeRole: reader }) }, ...testOptions() }))

    const config = (batchGetItemCalls()[0]!.thisValue as unknown as { config: { credentials: () => Promise<{ accessKeyId: string }> } }).config
    expect(context.url).toBe('svc value 1')
    expect((await config.credentials()).accessKeyId).toBe('ASIAROLE')
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1)
  })
})
