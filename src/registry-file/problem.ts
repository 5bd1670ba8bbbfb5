/**
 * A registry file that cannot be used, with the place in the file that is wrong, e.g.
 * `stages.prod.services.orders.endpoint must be an https URL`. Messages describe values
 * (`a string of 12 characters`), never quote them: a secret pasted where a reference
 * belongs must not reach a CI log.
 */

import { pathText } from '../core/describe.js'
import type { Problem } from '../core/problem.js'
import { PublishInputError } from '../core/problem.js'
import type { FilePath } from './path-text.js'

/** The file is not a valid registry file (the CLI exits 65). */
export class RegistryFileError extends PublishInputError {
  readonly code = 'RegistryFileInvalid'
  constructor(
    message: string,
    /** The problem and its place in the file, for a layer that names the file its own way. */
    readonly at?: Problem,
  ) {
    super(message)
  }
}

/** Throws the error for a problem at a place in the file. */
export function problemAt(path: FilePath, problem: string): never {
  throw new RegistryFileError(path.length === 0 ? `the registry file ${problem}` : `${pathText(path)} ${problem}`, { path, problem })
}
