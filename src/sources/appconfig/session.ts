/**
 * AppConfig Data sessions, one per cache entry (application, environment, profile, client
 * scope and decoding), kept for the life of the process and forgotten by
 * clearRegistryCache(). A session is a chain of single-use tokens: each
 * GetLatestConfiguration answers with the token for the next call and how long to wait
 * before making it.
 */
import { onClearRegistryCache } from '../../cache/process-state.js'
import type { Outcome } from '../../core/outcome.js'

/**
 * AppConfig accepts a token for up to 24 hours. One older than this is not tried: a
 * container can stay frozen for hours, and an expired token costs a failed call before
 * the new session that follows anyway.
 */
export const TOKEN_LIFETIME = 23 * 60 * 60_000

export interface Session {
  /** The token for the next GetLatestConfiguration. */
  token: string
  /** When it was issued, for its lifetime. */
  issuedAt: number
  /** Not before: AppConfig's NextPollIntervalInSeconds after the last call. */
  nextPollAt: number
  /** The token is the session's first: its answer carries the whole configuration, even if unchanged. */
  initial: boolean
  /** What the last answer that carried a configuration came to; an answer without one means it still holds. */
  latest?: Outcome
}

const sessions = new Map<string, Session>()

/** The entry's session, if its token may still be used. */
export function sessionOf(fetchKey: string, now: number): Session | undefined {
  const session = sessions.get(fetchKey)
  if (session && now - session.issuedAt < TOKEN_LIFETIME) return session
  sessions.delete(fetchKey)
  return undefined
}

export function startedSession(fetchKey: string, token: string, now: number): Session {
  const session: Session = { token, issuedAt: now, nextPollAt: now, initial: true }
  sessions.set(fetchKey, session)
  return session
}

/** Forgets a session whose token may be spent, unless a newer one replaced it (a fetch that timed out can end after the next began). */
export function dropSession(fetchKey: string, session: Session): void {
  if (sessions.get(fetchKey) === session) sessions.delete(fetchKey)
}

onClearRegistryCache(() => sessions.clear())
