/**
 * What the AppConfig source fetches, and how it becomes a value: the configuration parsed
 * by its content type (JSON and YAML to data, anything else text), then shaped as the
 * reference declares it. Both happen when the answer arrives, not when it is served, so
 * that a malformed answer is a failed fetch and the last good value stays.
 */
import { type Decoded, deepFreeze, parseFrozenJson } from '../../core/decode.js'
import { MAX_DEPTH, tooDeepAt } from '../../core/depth.js'
import { type FetchFailed, failed, fetched, type Outcome, type RawPayload } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'
import { isObject } from '../../core/values.js'
import { loadYaml, parseYaml, YamlNotInstalledError, YamlSyntaxError } from '../../core/yaml.js'
import { yamlTooDeepAt } from '../../core/yaml-depth.js'

/** A deployed configuration, already parsed and shaped for the reference that read it (its decoding is in the cache key). */
export interface RawConfiguration extends RawPayload {
  readonly kind: 'configuration'
  /** Frozen: data, text, or feature flags. */
  readonly value: unknown
}

/** A configuration's content: data (JSON or YAML), or text. */
export type Content = { readonly data: unknown } | { readonly text: string }

/** The media type alone, lower case: `application/json; charset=utf-8` is `application/json`. */
const mediaTypeOf = (contentType = '') => contentType.split(';')[0]!.trim().toLowerCase()
const isJson = (type: string) => type === 'application/json' || type.endsWith('+json')
const YAML_TYPES: ReadonlySet<string> = new Set(['application/x-yaml', 'application/yaml', 'text/yaml', 'text/x-yaml'])

/** YAML as frozen data; its depth is checked before parsing (which recurses) and after (aliases nest deeper). */
async function yamlContent(text: string, reference: Reference): Promise<Content | FetchFailed> {
  const tooDeep = () => failed('InvalidYAML', `the AppConfig configuration ${reference.id} is YAML nested deeper than ${MAX_DEPTH} levels`)
  try {
    if (yamlTooDeepAt(await loadYaml(), text, MAX_DEPTH)) return tooDeep()
    const data = await parseYaml(text)
    return tooDeepAt(data) ? tooDeep() : { data: deepFreeze(data) }
  } catch (error) {
    if (error instanceof YamlSyntaxError) return failed('InvalidYAML', `the AppConfig configuration ${reference.id} ${error.message}`)
    if (error instanceof YamlNotInstalledError) {
      return failed(
        'YamlNotInstalled',
        `the AppConfig configuration ${reference.id} is YAML: reading it needs the "yaml" package in the function (npm install yaml)`,
      )
    }
    return failed('InvalidYAML', `the AppConfig configuration ${reference.id} could not be parsed as YAML`)
  }
}

/** The content by its content type: JSON and YAML parsed (never quoting the text when they do not parse), anything else text. */
async function contentOf(text: string, contentType: string | undefined, reference: Reference): Promise<Content | FetchFailed> {
  const type = mediaTypeOf(contentType)
  if (YAML_TYPES.has(type)) return yamlContent(text, reference)
  if (!isJson(type)) return { text }
  const parsed = parseFrozenJson(text)
  return parsed.ok ? { data: parsed.value } : failed('InvalidJSON', `the AppConfig configuration ${reference.id} ${parsed.problem}`)
}

/** A value shaped for its reference, or why the content is not one. */
type Shaped = { readonly ok: true; readonly value: unknown } | FetchFailed

/** Data for `json()` and `flags()`: parsed already, or text that must be JSON (a freeform profile saved as text). */
function dataOf(content: Content, reference: Reference): Shaped {
  if ('data' in content) return { ok: true, value: content.data }
  const parsed = parseFrozenJson(content.text)
  return parsed.ok ? { ok: true, value: parsed.value } : failed('InvalidJSON', `the AppConfig configuration ${reference.id} ${parsed.problem}`)
}

/** AppConfig's retrieval format of a feature-flag profile: `{ [flag]: { enabled, ...attributes } }`. */
function flagsOf(content: Content, reference: Reference, contentType: string | undefined): Shaped {
  if ('text' in content && mediaTypeOf(contentType).startsWith('application/ion')) {
    return failed(
      'UnsupportedContentType',
      `the AppConfig configuration ${reference.id} is Amazon Ion (multi-variant feature flags): appConfig.flags() reads JSON; read it through the AppConfig Agent, which evaluates variants`,
    )
  }
  const parsed = dataOf(content, reference)
  if (!parsed.ok) return parsed
  const flags = parsed.value
  if (!isObject(flags)) return failed('InvalidFeatureFlags', `the AppConfig configuration ${reference.id} is not an object of feature flags`)
  // A flag's name is a key, never a value: it may be named.
  const malformed = Object.keys(flags).find((flag) => !isObject(flags[flag]) || typeof flags[flag].enabled !== 'boolean')
  if (malformed !== undefined) return failed('InvalidFeatureFlags', `flag ${malformed} of the AppConfig configuration ${reference.id} has no boolean "enabled"`)
  return parsed
}

function shape(content: Content, reference: Reference, contentType: string | undefined): Shaped {
  if (reference.decoding === 'flags') return flagsOf(content, reference, contentType)
  if (reference.decoding === 'json') return dataOf(content, reference)
  return { ok: true, value: 'data' in content ? content.data : content.text }
}

/** The value a reference declares, from the configuration's content: as parsed, JSON required, or feature flags. */
export function configurationOf(content: Content, reference: Reference, contentType?: string): Outcome {
  const shaped = shape(content, reference, contentType)
  return shaped.ok ? fetched<RawConfiguration>({ kind: 'configuration', value: shaped.value }) : shaped
}

/** An answer's text and content type, as the value its reference declares (or why it is not one). */
export async function configurationFrom(text: string, contentType: string | undefined, reference: Reference): Promise<Outcome> {
  const content = await contentOf(text, contentType, reference)
  return 'ok' in content ? content : configurationOf(content, reference, contentType)
}

export const decodeConfiguration = (raw: RawConfiguration): Decoded => ({ ok: true, value: raw.value, masked: false })
