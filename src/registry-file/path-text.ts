/**
 * A place in a registry file, as messages name it: `stages.prod.parameters["/features/prod/checkout-v2"]`.
 * Apart from problem.ts so that the local registry can name a place without the write side's checks.
 */
import { pathText } from '../core/describe.js'
import type { Problem } from '../core/problem.js'

/** A place in the file: `stages.prod.parameters["/features/prod/checkout-v2"]`, as `pathText` (core/describe.ts) writes it. */
export type FilePath = readonly (string | number)[]

/**
 * What is wrong, placed in the file (`stages.prod… must be …`), without "the registry file"
 * in front: from a RegistryFileError's problem, or its message when it has none.
 */
export const placedProblem = (error: { readonly message: string; readonly at?: Problem }): string =>
  !error.at ? error.message : error.at.path.length === 0 ? error.at.problem : `${pathText(error.at.path)} ${error.at.problem}`
