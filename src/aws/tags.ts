import { describeValue } from '../core/describe.js'
import type { Problem } from '../core/problem.js'
import { isObject } from '../core/values.js'

/** AWS resource tags, as every list call answers them. */
export type Tag = { Key?: string; Value?: string }

/** The one tag reader: AWS's list as a record, without the tags AWS reserves (`aws:`), which nobody can write. */
export const tagsOf = (list: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).filter(({ Key = '' }) => !Key.toLowerCase().startsWith('aws:')).map(({ Key = '', Value = '' }) => [Key, Value]))

// The characters both SSM and Secrets Manager allow in tag keys and values.
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
const MAX_TAGS = 50

/** What is wrong with tags SSM and Secrets Manager must both accept: at the tags (path []), or at one tag ([key]). */
export function tagsProblem(tags: unknown): Problem | undefined {
  if (!isObject(tags)) return { path: [], problem: 'must be an object of tag keys to values' }
  const entries = Object.entries(tags)
  if (entries.length > MAX_TAGS) return { path: [], problem: `has ${entries.length} tags; AWS allows ${MAX_TAGS} per resource` }
  for (const [key, value] of entries) {
    const at = (problem: string): Problem => ({ path: [key], problem })
    if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) return at('keys must be 1-128 letters, digits, spaces or _ . : / = + - @')
    if (key.toLowerCase().startsWith('aws:')) return at('the "aws:" prefix is reserved for AWS')
    if (typeof value !== 'string') return at(`the value must be a string, got ${describeValue(value)}`)
    if (value.length > 256 || !TAG_TEXT.test(value)) return at('values must be 0-256 letters, digits, spaces or _ . : / = + - @')
  }
  return undefined
}
