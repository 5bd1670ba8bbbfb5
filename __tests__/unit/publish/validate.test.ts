import { describe, expect, it } from '@jest/globals'
import { PublishInputError, type PublishServiceOptions, publishService } from '../../../src/write/publish/index.js'

const KEY = 'sk_live_4f9a8b7c6d5e'
const base: PublishServiceOptions = { service: 'orders', stage: 'prod', endpoint: 'https://orders.example.com', local: '/nonexistent/never-written.json' }

/** The PublishInputError a publish with these options rejects with (nothing is written: the file's directory does not exist). */
async function refusal(options: Partial<PublishServiceOptions> & Record<string, unknown>): Promise<PublishInputError> {
  const error = await publishService({ ...base, ...options } as PublishServiceOptions).then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof PublishInputError)) throw new Error(`expected a PublishInputError, got ${String(error)}`)
  return error
}

describe('publishService() refuses an endpoint callers should not use', () => {
  it('refuses plain http, naming the way to allow it', async () => {
    const error = await refusal({ endpoint: 'http://orders.example.com' })
    expect(error.message).toBe(
      'publishService(): option "endpoint" must be an https URL, not http:; pass allowInsecure: true (CLI: --allow-insecure) to publish it anyway',
    )
  })

  it('refuses text that is not a URL', async () => {
    expect((await refusal({ endpoint: 'orders.example.com' })).message).toContain('is not a valid URL')
  })

  it('refuses a URL with surrounding whitespace, which new URL() would have forgiven', async () => {
    expect((await refusal({ endpoint: ' https://orders.example.com' })).message).toContain('leading or trailing whitespace')
  })

  it('refuses credentials in the URL, even with allowInsecure, without repeating them', async () => {
    const error = await refusal({ endpoint: 'http://admin:hunter2@orders.example.com', allowInsecure: true })
    expect(error.message).toContain('must not hold credentials')
    expect(error.message).not.toContain('hunter2')
  })

  it('refuses an endpoint longer than SSM stores', async () => {
    expect((await refusal({ endpoint: `https://orders.example.com/${'a'.repeat(4100)}` })).message).toContain('longer than 4096 characters')
  })
})

describe('publishService() checks the API key without ever quoting it', () => {
  it('refuses an empty key', async () => {
    expect((await refusal({ apiKey: '' })).message).toBe('publishService(): option "apiKey" must be a non-empty string, got an empty string')
  })

  it('describes a key of the wrong type by its type only', async () => {
    expect((await refusal({ apiKey: 42 as unknown as string })).message).toContain('got 42')
  })

  it('refuses a key shorter than 8 characters, too short to be masked safely, saying neither the key nor its length', async () => {
    const error = await refusal({ apiKey: 'prod' })
    expect(error.message).toBe('publishService(): option "apiKey" is shorter than 8 characters: too short to be masked safely')
    expect(error.message).not.toMatch(/prod|\b4\b/)
  })

  it('takes a key of 8 characters', async () => {
    // The publish goes on to the file, whose directory does not exist: the key itself was accepted.
    await expect(publishService({ ...base, apiKey: 'k3y-8chr' })).rejects.not.toBeInstanceOf(PublishInputError)
  })

  it('names no key in a refusal of another option', async () => {
    const error = await refusal({ apiKey: KEY, endpoint: 'ftp://orders.example.com' })
    expect(error.message).not.toContain(KEY)
  })
})

describe('publishService() checks tags against what SSM and Secrets Manager accept', () => {
  it('refuses the reserved aws: prefix', async () => {
    expect((await refusal({ tags: { 'aws:owner': 'x' } })).message).toContain('tag "aws:owner": the "aws:" prefix is reserved')
  })

  it('refuses characters neither service allows', async () => {
    expect((await refusal({ tags: { team: 'pay#ments' } })).message).toContain('tag "team": values must be')
  })

  it('refuses a value that is not a string', async () => {
    expect((await refusal({ tags: { build: 7 as unknown as string } })).message).toContain('tag "build": the value must be a string, got 7')
  })

  it('refuses more than 50 tags', async () => {
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`t${index}`, 'v']))
    expect((await refusal({ tags })).message).toContain('has 51 tags; AWS allows 50')
  })
})

describe('publishService() checks the names the convention gives', () => {
  it('refuses a service name that is not one level of a path', async () => {
    expect((await refusal({ service: 'orders/v2' })).message).toContain('option "service" must be 1-128 letters')
  })

  it('refuses a convention whose endpoint template is an ARN', async () => {
    const convention = { endpoint: 'arn:aws:ssm:eu-west-1:111111111111:parameter/{service}/{stage}/endpoint' }
    expect((await refusal({ convention })).message).toContain('convention.endpoint gives an ARN')
  })

  it('refuses a convention that yields a name with a version selector', async () => {
    expect((await refusal({ convention: { endpoint: '/{service}/{stage}/endpoint:3' } })).message).toContain('a name with a version selector')
  })

  it('refuses a placeholder the convention does not know', async () => {
    expect((await refusal({ convention: { endpoint: '/{team}/{service}/endpoint' } })).message).toContain('unknown placeholder {team}')
  })

  it('refuses an unknown option, naming the allowed ones', async () => {
    expect((await refusal({ endpiont: 'https://x.example.com' })).message).toContain('unknown option "endpiont"')
  })

  it('refuses a role together with a local file', async () => {
    expect((await refusal({ assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/publisher' } })).message).toContain(
      '"local" and "assumeRole" cannot be combined',
    )
  })
})

describe('publishService() checks every key of awsClientOptions', () => {
  it('refuses a typo, naming the option path and the option meant', async () => {
    const error = await refusal({ local: undefined, awsClientOptions: { regoin: 'eu-west-1' } })
    expect(error.message).toBe('publishService(): awsClientOptions.regoin is not an option of the AWS SDK\'s clients (did you mean "region"?)')
  })
})
