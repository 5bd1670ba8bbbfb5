/**
 * Declarations built from arbitrary input only ever throw a TypeError, with a bounded
 * message that never quotes a long input whole. Inputs come from a seeded generator, so a
 * failure reproduces.
 */
import { describe, expect, it } from '@jest/globals'
import { appConfig, cloudMap, dynamo, registry, s3, secret, ssm } from '../../../src/index.js'

/** Mulberry32: a small seeded generator, so that every run tries the same inputs. */
function generator(seed: number) {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const CANARY = 'CANARYxCANARYxCANARY'
const PIECES = [
  '/',
  ':',
  'arn:aws:ssm:eu-west-1:111111111111:parameter',
  'arn:aws:secretsmanager:',
  '__proto__',
  'constructor',
  '-AbCdEf',
  ' ',
  '\u0000',
  '\uFEFF',
  '..',
  '{service}',
  CANARY,
]

function arbitrary(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * 12)
  const text = () => Array.from({ length: Math.floor(random() * 6) }, () => PIECES[Math.floor(random() * PIECES.length)]).join('')
  switch (pick) {
    case 0:
      return undefined
    case 1:
      return null
    case 2:
      return random() * 1e6 - 5e5
    case 3:
      return [Number.NaN, Infinity, -Infinity, -0][Math.floor(random() * 4)]
    case 4:
      return random() < 0.5
    case 5:
      return text()
    case 6:
      return CANARY.repeat(1 + Math.floor(random() * 5_000))
    case 7:
      return depth > 2 ? {} : Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [text(), arbitrary(random, depth + 1)]))
    case 8:
      return depth > 2 ? [] : Array.from({ length: Math.floor(random() * 3) }, () => arbitrary(random, depth + 1))
    case 9:
      return () => CANARY
    case 10:
      return Symbol(CANARY)
    default:
      return `/${text()}`
  }
}

const DECLARE: ReadonlyArray<(random: () => number) => unknown> = [
  (random) => ssm(arbitrary(random) as string, arbitrary(random) as never),
  (random) => ssm.json(arbitrary(random) as string, arbitrary(random) as never),
  (random) => ssm.path(arbitrary(random) as string, arbitrary(random) as never),
  (random) => secret(arbitrary(random) as string, arbitrary(random) as never),
  (random) => secret.binary(arbitrary(random) as string, arbitrary(random) as never),
  (random) => dynamo(arbitrary(random) as string, arbitrary(random) as never, arbitrary(random) as never),
  (random) => cloudMap(arbitrary(random) as never),
  (random) => s3.json(arbitrary(random) as string, arbitrary(random) as string, arbitrary(random) as never),
  (random) => appConfig.flags(arbitrary(random) as never, arbitrary(random) as never),
  (random) => registry({ fetch: arbitrary(random), cacheExpiry: arbitrary(random), requestTimeout: arbitrary(random), prefetch: false } as never),
  (random) => registry({ fetch: { url: ssm('/a') }, [String(arbitrary(random))]: arbitrary(random), prefetch: false } as never),
]

describe('declarations from arbitrary input', () => {
  it('throw nothing but TypeErrors, with messages that stay short and never quote a long input', () => {
    const random = generator(20261207)
    const unexpected: string[] = []
    for (let attempt = 0; attempt < 3_000; attempt++) {
      const declare = DECLARE[attempt % DECLARE.length]!
      try {
        declare(random)
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        if (!(error instanceof TypeError)) unexpected.push(`#${attempt}: ${String(error).slice(0, 200)}`)
        else if (message.length > 2_000 || message.includes(CANARY.repeat(5))) unexpected.push(`#${attempt}: a message of ${message.length} characters`)
      }
    }
    expect(unexpected).toEqual([])
  })
})
