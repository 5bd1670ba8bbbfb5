/** SSM Parameter Store: ssm.path() reads every parameter under a path through GetParametersByPath pages. */

import { GetParametersByPathCommand } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it } from '@jest/globals'
import { registry, ssm } from '../../../src/index.js'
import { awsError, invoke, invokeFailing, testOptions } from '../helpers.js'
import { resetAll, ssmMock } from '../mocks.js'

const pathInputs = () => ssmMock.commandCalls(GetParametersByPathCommand).map((call) => call.args[0].input)
const entry = (Name: string, Value: string, Type: 'String' | 'SecureString' = 'String') => ({ Name, Value, Type })

beforeEach(() => resetAll())

describe('ssm.path() follows every page', () => {
  it('follows NextToken to the end, even past a short page that still carries one', async () => {
    const firstPage = Array.from({ length: 10 }, (_, index) => entry(`/features/prod/flag${index}`, `on${index}`))
    ssmMock
      .on(GetParametersByPathCommand)
      .resolvesOnce({ Parameters: firstPage, NextToken: 'page-2' })
      .resolvesOnce({ Parameters: [entry('/features/prod/beta/search', 'v2')], NextToken: 'page-3' })
      .resolvesOnce({ Parameters: [entry('/features/prod/checkout', 'off')] })

    const context = await invoke(registry({ fetch: { features: ssm.path('/features/prod/') }, ...testOptions() }))

    const request = { Path: '/features/prod', Recursive: true, WithDecryption: true, MaxResults: 10 }
    expect(pathInputs()).toEqual([
      { ...request, NextToken: undefined },
      { ...request, NextToken: 'page-2' },
      { ...request, NextToken: 'page-3' },
    ])
    expect(Object.keys(context.features)).toHaveLength(12)
    expect(context.features).toMatchObject({ flag0: 'on0', flag9: 'on9', 'beta/search': 'v2', checkout: 'off' })
  })

  it('keys the record by the name relative to the path, nested levels included', async () => {
    ssmMock.on(GetParametersByPathCommand).resolves({
      Parameters: [entry('/features/prod/checkout', 'on'), entry('/features/prod/beta/search', 'v2'), entry('/features/prod/beta/deep/x', '1')],
    })

    const context = await invoke(registry({ fetch: { features: ssm.path('/features/prod') }, ...testOptions() }))

    expect(context.features).toEqual({ checkout: 'on', 'beta/search': 'v2', 'beta/deep/x': '1' })
  })

  it('resolves a path with no parameters to an empty record', async () => {
    ssmMock.on(GetParametersByPathCommand).resolves({ Parameters: [] })

    const context = await invoke(registry({ fetch: { features: ssm.path('/features/empty/') }, ...testOptions() }))

    expect(context.features).toEqual({})
    expect(pathInputs()).toHaveLength(1)
  })

  it('sends Recursive false and WithDecryption false when asked to', async () => {
    ssmMock.on(GetParametersByPathCommand).resolves({ Parameters: [entry('/features/prod/checkout', 'on')] })

    const context = await invoke(registry({ fetch: { features: ssm.path('/features/prod', { recursive: false, decrypt: false }) }, ...testOptions() }))

    expect(pathInputs()).toEqual([{ Path: '/features/prod', Recursive: false, WithDecryption: false, MaxResults: 10, NextToken: undefined }])
    expect(context.features).toEqual({ checkout: 'on' })
  })

  it('reads the same path recursively and one level deep as two separate fetches', async () => {
    ssmMock.on(GetParametersByPathCommand).callsFake((input: { Recursive?: boolean }) => ({
      Parameters: input.Recursive ? [entry('/f/a', '1'), entry('/f/b/c', '2')] : [entry('/f/a', '1')],
    }))

    const context = await invoke(registry({ fetch: { deep: ssm.path('/f'), shallow: ssm.path('/f', { recursive: false }) }, ...testOptions() }))

    expect(
      pathInputs()
        .map((input) => input.Recursive)
        .sort(),
    ).toEqual([false, true])
    expect({ deep: context.deep, shallow: context.shallow }).toEqual({ deep: { a: '1', 'b/c': '2' }, shallow: { a: '1' } })
  })
})

describe('ssm.path() masking and failures', () => {
  it('masks the whole record when any entry under the path is a SecureString', async () => {
    ssmMock.on(GetParametersByPathCommand).resolves({
      Parameters: [entry('/orders/prod/endpoint', 'https://orders'), entry('/orders/prod/api-key', 'key-91d0-distinctive', 'SecureString')],
    })

    const context = await invoke(registry({ fetch: { orders: ssm.path('/orders/prod') }, ...testOptions() }))

    expect(context.orders['api-key']).toBe('key-91d0-distinctive')
    expect(Object.keys(context)).not.toContain('orders')
    expect(JSON.stringify(context)).not.toContain('key-91d0-distinctive')
  })

  it('leaves a record of plain Strings enumerable', async () => {
    ssmMock.on(GetParametersByPathCommand).resolves({ Parameters: [entry('/orders/prod/endpoint', 'https://orders')] })

    const context = await invoke(registry({ fetch: { orders: ssm.path('/orders/prod') }, ...testOptions() }))

    expect(JSON.parse(JSON.stringify(context)).orders).toEqual({ endpoint: 'https://orders' })
  })

  it('fails the path key with the code of a page that was denied, even after earlier pages succeeded', async () => {
    ssmMock
      .on(GetParametersByPathCommand)
      .resolvesOnce({ Parameters: [entry('/orders/prod/endpoint', 'https://orders')], NextToken: 'page-2' })
      .rejectsOnce(awsError('AccessDeniedException', 'not authorized to perform ssm:GetParametersByPath'))

    const error = await invokeFailing(registry({ fetch: { orders: ssm.path('/orders/prod/') }, ...testOptions() }))

    expect(error.failures.map(({ key, source, id, code }) => ({ key, source, id, code }))).toEqual([
      { key: 'orders', source: 'ssm', id: '/orders/prod', code: 'AccessDeniedException' },
    ])
    expect(pathInputs()).toHaveLength(2)
  })
})
