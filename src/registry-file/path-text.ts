/**
 * A place in a registry file, as messages name it: `stages.prod.parameters["/features/prod/checkout-v2"]`.
 * Apart from problem.ts so that the local registry can name a place without the publisher's checks.
 */
import { quote } from '../core/describe.js'
import type { Problem } from '../core/problem.js'

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

/**
 * What is wrong, placed in the file (`stages.prod… must be …`), without "the registry file"
 * in front: from a RegistryFileError's problem, or its message when it has none.
 */
export const placedProblem = (error: { readonly message: string; readonly at?: Problem }): string =>
  !error.at ? error.message : error.at.path.length === 0 ? error.at.problem : `${pathText(error.at.path)} ${error.at.problem}`
