/**
 * The option tables of the docs site are generated from the `@defaultValue` tags of
 * RegistryOptions (site/lib/options.mjs). These specs hold each tag that names a constant
 * to that constant's value, so a default changed in the code cannot leave the docs behind.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_MAX_ENTRIES } from '../../../src/cache/bound.js'
import { DEFAULT_MAX_STALE } from '../../../src/cache/freshness.js'
import { DEFAULT_PREFETCH_WAIT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_TIMEOUT_MARGIN } from '../../../src/core/deadline.js'
import { DEFAULT_CACHE_EXPIRY } from '../../../src/registry/options.js'
import { DEFAULT_CONVENTION } from '../../../src/services/service.js'

const declarations = readFileSync(new URL('../../../src/registry/types.ts', import.meta.url), 'utf8')

/** The `@defaultValue` text of each property of an interface, by property name. */
function documentedDefaults(source: string, name: string): Map<string, string> {
  const start = source.indexOf(`export interface ${name}`)
  const body = source.slice(start, source.indexOf('\n}\n', start))
  const defaults = new Map<string, string>()
  for (const match of body.matchAll(/@defaultValue ([^\n]+)\n(?:[^\n]*\n)*?(?: {2}\/\/[^\n]*\n)? {2}(\w+)\??[:(]/g)) defaults.set(match[2]!, match[1]!)
  return defaults
}

const registryDefaults = documentedDefaults(declarations, 'RegistryOptions')

describe('the documented defaults of registry() options', () => {
  it.each([
    ['cacheExpiry', DEFAULT_CACHE_EXPIRY, 'DEFAULT_CACHE_EXPIRY'],
    ['maxStale', DEFAULT_MAX_STALE, 'DEFAULT_MAX_STALE'],
    ['prefetchWait', DEFAULT_PREFETCH_WAIT, 'DEFAULT_PREFETCH_WAIT'],
    ['requestTimeout', DEFAULT_REQUEST_TIMEOUT, 'DEFAULT_REQUEST_TIMEOUT'],
    ['timeoutMargin', DEFAULT_TIMEOUT_MARGIN, 'DEFAULT_TIMEOUT_MARGIN'],
    ['maxEntries', DEFAULT_MAX_ENTRIES, 'DEFAULT_MAX_ENTRIES'],
  ])('give %s as the value of the constant the code uses', (option, value, constant) => {
    const documented = registryDefaults.get(option)
    expect(documented).toBeDefined()
    expect(documented).toContain(`\`${value}\``)
    expect(documented).toContain(`\`${constant}\``)
  })

  it('give the convention as DEFAULT_CONVENTION holds it', () => {
    expect(registryDefaults.get('convention')).toContain(`endpoint: '${DEFAULT_CONVENTION.endpoint}', apiKey: '${DEFAULT_CONVENTION.apiKey}'`)
  })

  it("cover the options every reference takes, which default to the registry's", async () => {
    const reference = readFileSync(new URL('../../../src/core/reference.ts', import.meta.url), 'utf8')
    const common = documentedDefaults(reference, 'CommonOptions')
    expect(Object.fromEntries(common)).toEqual({
      cacheExpiry: "the registry's `cacheExpiry`",
      maxStale: "the registry's `maxStale`",
      optional: '`false`',
      assumeRole: "the registry's `assumeRole`",
    })
  })

  it('cover every option but the required fetch', () => {
    const start = declarations.indexOf('export interface RegistryOptions')
    const body = declarations.slice(start, declarations.indexOf('\n}\n', start))
    const options = [...body.matchAll(/^ {2}(\w+)\??[:(]/gm)].map((match) => match[1]!)
    expect(options.filter((option) => option !== 'fetch' && !registryDefaults.has(option))).toEqual([])
  })
})
