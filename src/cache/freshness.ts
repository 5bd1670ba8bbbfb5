/**
 * The freshness policy: when a cached value is fresh, when it may still be served while a
 * refresh runs (stale-while-revalidate), and how long a failing refresh backs off.
 */
import type { CacheEntry } from './entry.js'

/** A value lives its `cacheExpiry` minus up to 5 %, drawn at each fetch, so containers
 * started together do not refresh in lockstep against SSM's 40 TPS. */
export const EXPIRY_JITTER = 0.05

/** One hour: a registry outage shorter than that never fails an invocation that has a value. */
export const DEFAULT_MAX_STALE = 60 * 60_000

/** Failed background refreshes back off exponentially from 1 s to 5 minutes. */
export const BACKOFF_BASE = 1_000
export const BACKOFF_CAP = 5 * 60_000

/** How a key's cached value may be used now. */
export type Freshness = 'fresh' | 'stale' | 'unusable'

/** What a reader needs to judge an entry: its own expiry, staleness bound and optionality. */
export interface FreshnessPolicy {
  readonly cacheExpiry: number
  readonly maxStale: number
  readonly optional: boolean
}

export function jitterFactor(random: () => number = Math.random): number {
  return 1 - EXPIRY_JITTER * random()
}

/** The one backoff's longest wait after `failures` failures in a row: exponential from `base`, held at `cap`. */
export const backoffCeiling = (failures: number, base = BACKOFF_BASE, cap = BACKOFF_CAP): number => Math.min(cap, base * 2 ** Math.max(0, failures - 1))

/**
 * The one backoff: exponential from `base` to `cap`, with equal jitter (half the delay,
 * plus a random share of the other half), so that retries spread out but never come early.
 */
export function backoffDelay(failures: number, random: () => number = Math.random, base = BACKOFF_BASE, cap = BACKOFF_CAP): number {
  const delay = backoffCeiling(failures, base, cap)
  return delay / 2 + (delay / 2) * random()
}

const hasValue = (entry: CacheEntry, policy: FreshnessPolicy) => entry.raw !== undefined || (entry.absent && policy.optional)

/** When the entry stops being fresh for this reader (its rotation date may come first). */
export function expiresAt(entry: CacheEntry, policy: FreshnessPolicy): number {
  const expiry = entry.fetchedAt + policy.cacheExpiry * entry.jitter
  return entry.validUntil !== undefined && entry.validUntil > entry.fetchedAt ? Math.min(expiry, entry.validUntil) : expiry
}

/** Whether the last good value may still be served (stale) instead of failing. */
export function withinMaxStale(entry: CacheEntry, policy: FreshnessPolicy, now: number): boolean {
  return hasValue(entry, policy) && now < entry.fetchedAt + policy.cacheExpiry + policy.maxStale
}

export function freshnessOf(entry: CacheEntry | undefined, policy: FreshnessPolicy, now: number): Freshness {
  if (!entry || !hasValue(entry, policy)) return 'unusable'
  if (now < expiresAt(entry, policy)) return 'fresh'
  // cacheExpiry 0 means "fetch on every invocation, and wait": never served stale up front.
  if (policy.cacheExpiry === 0) return 'unusable'
  return withinMaxStale(entry, policy, now) ? 'stale' : 'unusable'
}

/** Whether a background refresh may start now (none under way, not backing off). */
export function mayRefresh(entry: CacheEntry, now: number): boolean {
  return entry.inflight === undefined && now >= entry.retryAt
}
