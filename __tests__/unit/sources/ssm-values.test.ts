/** SSM Parameter Store: matching answers to references (selectors, ARNs), decoding, masking and Regions. */

import { inspect } from 'node:util'
import { GetParametersCommand } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { registry, ssm } from '../../../src/index.js'
import { getParametersFrom, invoke, invokeFailing, testOptions } from '../helpers.js'
import { resetAll, ssmMock } from '../mocks.js'

const sentNames = () => ssmMock.commandCalls(GetParametersCommand).map((call) => call.args[0].input.Names)

beforeEach(() => resetAll())

describe('SSM answers are matched to references', () => {
  it('matches version and label selectors by the Selector AWS returns beside the bare name', async () => {
    // Deliberately out of order: matching must not rely on position.
    ssmMock.on(GetParametersCommand).resolves({
      Parameters: [
        { Name: '/x', Selector: ':live', Value: 'labelled', Type: 'String', Version: 5 },
        { Name: '/x', Value: 'latest', Type: 'String', Version: 6 },
        { Name: '/x', Selector: ':3', Value: 'third', Type: 'String', Version: 3 },
      ],
    })

    const context = await invoke(registry({ fetch: { latest: ssm('/x'), third: ssm('/x:3'), live: ssm('/x:live') }, ...testOptions() }))

    expect(sentNames()).toEqual([['/x', '/x:3', '/x:live']])
    expect({ latest: context.latest, third: context.third, live: context.live }).toEqual({ latest: 'latest', third: 'third', live: 'labelled' })
  })

  it('reports a selector AWS cannot find with the selector in the failure id', async () => {
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/x': { Value: 'latest' } }))

    const error = await invokeFailing(registry({ fetch: { latest: ssm('/x'), pinned: ssm('/x:9') }, ...testOptions() }))

    expect(error.failures.map(({ key, id, code }) => ({ key, id, code }))).toEqual([{ key: 'pinned', id: '/x:9', code: 'ParameterNotFound' }])
  })

  it('matches ARN references whether AWS echoes the bare Name with its ARN, or the ARN as Name', async () => {
    const own = 'arn:aws:ssm:eu-west-1:111111111111:parameter/shared/endpoint'
    const shared = 'arn:aws:ssm:eu-west-1:222222222222:parameter/platform/endpoint'
    ssmMock.on(GetParametersCommand).resolves({
      Parameters: [
        { Name: shared, ARN: shared, Value: 'from-platform-account', Type: 'String' },
        { Name: '/shared/endpoint', ARN: own, Value: 'from-own-account', Type: 'String' },
        { Name: '/shared/endpoint', ARN: own, Selector: ':2', Value: 'version-two', Type: 'String' },
      ],
    })

    const context = await invoke(registry({ fetch: { own: ssm(own), shared: ssm(shared), pinned: ssm(`${own}:2`) }, ...testOptions() }))

    expect(sentNames()).toEqual([[own, shared, `${own}:2`]])
    expect({ own: context.own, shared: context.shared, pinned: context.pinned }).toEqual({
      own: 'from-own-account',
      shared: 'from-platform-account',
      pinned: 'version-two',
    })
  })

  it('sends an ARN in another Region to a client of that Region, keeping the other client options', async () => {
    const east = 'arn:aws:ssm:us-east-1:111111111111:parameter/shared/endpoint'
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ [east]: { Value: 'east' }, '/orders/prod/endpoint': { Value: 'west' } }))

    const context = await invoke(
      registry({
        fetch: { shared: ssm(east), endpoint: ssm('/orders/prod/endpoint') },
        prefetch: false,
        awsClientOptions: { region: 'eu-west-1', maxAttempts: 7 },
      }),
    )

    const calls = await Promise.all(
      ssmMock.commandCalls(GetParametersCommand).map(async (call) => {
        const config = (call.thisValue as { config: { region: () => Promise<string>; maxAttempts: () => Promise<number> } }).config
        return { names: call.args[0].input.Names, region: await config.region(), maxAttempts: await config.maxAttempts() }
      }),
    )
    expect(calls).toHaveLength(2)
    expect(calls).toEqual(
      expect.arrayContaining([
        { names: [east], region: 'us-east-1', maxAttempts: 7 },
        { names: ['/orders/prod/endpoint'], region: 'eu-west-1', maxAttempts: 7 },
      ]),
    )
    expect(ssmMock.commandCalls(GetParametersCommand)[0]!.thisValue).not.toBe(ssmMock.commandCalls(GetParametersCommand)[1]!.thisValue)
    expect({ shared: context.shared, endpoint: context.endpoint }).toEqual({ shared: 'east', endpoint: 'west' })
  })
})

describe('SSM values are decoded by the reference', () => {
  it('splits a StringList on commas for ssm.list', async () => {
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/orders/prod/hosts': { Value: 'a.example,b.example,c.example', Type: 'StringList' } }))

    const context = await invoke(registry({ fetch: { hosts: ssm.list('/orders/prod/hosts') }, ...testOptions() }))

    expect(context.hosts).toEqual(['a.example', 'b.example', 'c.example'])
  })

  it('parses JSON for ssm.json', async () => {
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/orders/prod/limits': { Value: '{"rps":50,"burst":[1,2]}' } }))

    const context = await invoke(registry({ fetch: { limits: ssm.json<{ rps: number; burst: number[] }>('/orders/prod/limits') }, ...testOptions() }))

    expect(context.limits).toEqual({ rps: 50, burst: [1, 2] })
  })

  it('fails invalid JSON with InvalidJSON, never quoting the value', async () => {
    const rawValue = '{"rps": zq81-distinctive-raw-value'
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/orders/prod/limits': { Value: rawValue } }))

    const error = await invokeFailing(registry({ fetch: { limits: ssm.json('/orders/prod/limits') }, ...testOptions() }))

    expect(error.failures.map(({ key, code }) => ({ key, code }))).toEqual([{ key: 'limits', code: 'InvalidJSON' }])
    const everything = `${error.message} ${error.stack} ${JSON.stringify(error.failures)} ${inspect(error)}`
    expect(everything).not.toContain('zq81-distinctive')
  })
})

describe('JSON values are nested at most 64 levels deep', () => {
  it('fails a value nested 5,000 levels deep with InvalidJSON, saying so, never quoting it', async () => {
    const rawValue = `${'{"zq81-distinctive":'.repeat(5_000)}1${'}'.repeat(5_000)}`
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/orders/prod/limits': { Value: rawValue } }))

    const error = await invokeFailing(registry({ fetch: { limits: ssm.json('/orders/prod/limits') }, ...testOptions() }))

    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'limits',
        code: 'InvalidJSON',
        message: 'the value of parameter /orders/prod/limits is JSON nested deeper than 64 levels',
      }),
    ])
    expect(`${error.message} ${JSON.stringify(error.failures)}`).not.toContain('zq81-distinctive')
  })

  it('decodes and freezes a value nested exactly 64 levels deep', async () => {
    ssmMock.on(GetParametersCommand).callsFake(getParametersFrom({ '/deep': { Value: `${'['.repeat(64)}${']'.repeat(64)}` } }))

    const context = await invoke(registry({ fetch: { deep: ssm.json<unknown[]>('/deep') }, ...testOptions() }))

    let innermost: unknown = context.deep
    for (let level = 1; level < 64; level++) innermost = (innermost as unknown[])[0]
    expect(innermost).toEqual([])
    expect(Object.isFrozen(innermost)).toBe(true)
  })
})

describe('SecureString parameters are masked on the context', () => {
  it('makes a SecureString non-enumerable but readable, while a String stays enumerable', async () => {
    ssmMock.on(GetParametersCommand).callsFake(
      getParametersFrom({
        '/orders/prod/token': { Value: 'tok-5e1b-distinctive', Type: 'SecureString' },
        '/orders/prod/endpoint': { Value: 'https://orders' },
      }),
    )

    const context = await invoke(registry({ fetch: { token: ssm('/orders/prod/token'), endpoint: ssm('/orders/prod/endpoint') }, ...testOptions() }))

    expect(context.token).toBe('tok-5e1b-distinctive')
    expect(Object.keys(context)).not.toContain('token')
    expect(Object.keys(context)).toContain('endpoint')
    expect(JSON.stringify(context)).not.toContain('tok-5e1b-distinctive')
    expect(inspect(context)).not.toContain('tok-5e1b-distinctive')
  })

  it('masks a SecureString read with ssm.json or ssm.list just the same', async () => {
    ssmMock.on(GetParametersCommand).callsFake(
      getParametersFrom({
        '/orders/prod/db': { Value: '{"password":"pw-77c4-distinctive"}', Type: 'SecureString' },
        '/orders/prod/keys': { Value: 'key-a-distinctive,key-b-distinctive', Type: 'SecureString' },
      }),
    )

    const context = await invoke(
      registry({ fetch: { db: ssm.json<{ password: string }>('/orders/prod/db'), keys: ssm.list('/orders/prod/keys') }, ...testOptions() }),
    )

    expect(context.db.password).toBe('pw-77c4-distinctive')
    expect(context.keys).toEqual(['key-a-distinctive', 'key-b-distinctive'])
    expect(JSON.stringify(context)).not.toContain('distinctive')
  })
})
