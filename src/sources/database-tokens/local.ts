/**
 * The local registry's database tokens: its `databaseTokens` section, by the reference's id
 * (`host:port/user` for RDS, `host` or `host/admin` for DSQL). Offline, a local database
 * takes a password, not a token: write its password there, and the same handler connects.
 * A database the section does not name gets a placeholder, so that a function that declares
 * a token still runs offline.
 */
import { failed, fetched, type Outcome, type RawText } from '../../core/outcome.js'
import type { Reference } from '../../core/reference.js'
import { isObject, storedText } from '../../core/values.js'

/** What a database the local registry does not name gets: `local-token:` and the reference's id. */
export const placeholderToken = (reference: Reference): string => `local-token:${reference.id}`

export function readDatabaseToken(tokens: unknown, reference: Reference): Outcome {
  if (tokens !== undefined && !isObject(tokens)) return failed('LocalRegistryInvalid', 'the "databaseTokens" section of the local registry must be an object')
  const value = tokens && Object.hasOwn(tokens, reference.id) ? storedText(tokens[reference.id]) : placeholderToken(reference)
  return fetched<RawText>({ kind: 'text', value })
}
