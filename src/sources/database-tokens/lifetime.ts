/**
 * How long a database token is served. A token is a presigned request that RDS and Aurora
 * DSQL accept for 15 minutes from its signing, and then never again: unlike a secret, an
 * old token is no fallback. So it is cached for less than its life, refreshed in the
 * background before it ends, and never served past it, whatever the registry's defaults.
 */
import { InputError } from '../../core/problem.js'
import type { ReferenceOptions } from '../../core/reference.js'

const MINUTE = 60_000

/** What the signers ask for (`X-Amz-Expires=900`), and what RDS accepts at most. */
export const TOKEN_LIFETIME = 15 * MINUTE

/** A minute short of its life: for the clock skew, and the time between an invocation and its connection. */
export const TOKEN_USABLE_FOR = TOKEN_LIFETIME - MINUTE

/** A token's `cacheExpiry` unless the reference sets one: it is then refreshed in the background, 4 minutes before it is unusable. */
export const DEFAULT_TOKEN_CACHE_EXPIRY = 10 * MINUTE

/**
 * The reference's `cacheExpiry` and `maxStale`, set on it so that the registry's (5 minutes
 * and 1 hour by default) never apply: fresh for `cacheExpiry`, then served while a refresh
 * runs until 14 minutes after signing, and past that the invocation waits for a new one.
 */
export function tokenCacheOptions(caller: string, options: ReferenceOptions): ReferenceOptions {
  const cacheExpiry = options.cacheExpiry ?? DEFAULT_TOKEN_CACHE_EXPIRY
  if (cacheExpiry > TOKEN_USABLE_FOR) {
    throw new InputError(caller, `option "cacheExpiry" must be at most ${TOKEN_USABLE_FOR} (14 minutes): a token is accepted for 15 minutes`)
  }
  const maxStale = options.maxStale ?? TOKEN_USABLE_FOR - cacheExpiry
  if (cacheExpiry + maxStale > TOKEN_USABLE_FOR) {
    throw new InputError(
      caller,
      `options "cacheExpiry" and "maxStale" must add up to at most ${TOKEN_USABLE_FOR} (14 minutes): a token is accepted for 15 minutes`,
    )
  }
  return { ...options, cacheExpiry, maxStale }
}

/**
 * When a token signed now stops being fresh of itself: 14 minutes on, or a minute before
 * the credentials that signed it expire (a presigned request dies with them).
 */
export function tokenValidUntil(signedAt: number, credentialsExpiration?: Date): number {
  const usableUntil = signedAt + TOKEN_USABLE_FOR
  if (!credentialsExpiration) return usableUntil
  return Math.min(usableUntil, credentialsExpiration.getTime() - (TOKEN_LIFETIME - TOKEN_USABLE_FOR))
}
