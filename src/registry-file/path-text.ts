/**
 * A place in a registry file, as messages name it: `stages.prod.parameters["/features/prod/checkout-v2"]`.
 * Apart from problem.ts so that the local registry can name a place without the publisher's checks.
 */
import { quote } from '../core/describe.js'

/** A place in the file: `stages.prod.parameters["/features/prod/checkout-v2"]`. */
export type FilePath = readonly (string | number)[]

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/

/** The place as text; a key that is not an identifier is quoted, and cut if it is long. */
export function pathText(path: FilePath): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`
      if (IDENTIFIER.test(segment) && segment.length <= 80) return index === 0 ? segment : `.${segment}`
      return `[${quote(segment)}]`
    })
    .join('')
}
