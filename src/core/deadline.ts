/**
 * Deadlines. Neither the SDK nor the network promises an answer: a connection that hangs
 * would hold a fetch (and every reader that joined it) forever. Every request the library
 * sends is ended by an abort signal at its deadline, and whoever waits for it stops
 * waiting then, whatever the request does.
 */

/** Three seconds: far above SSM's and Secrets Manager's usual tens of milliseconds, with the SDK's retries. */
export const DEFAULT_REQUEST_TIMEOUT = 3_000

/**
 * Eight seconds: how long the prefetch, during Lambda init, may retry a throttled registry
 * before `ready()` resolves. Lambda ends an init that passes 10 seconds; the rest of init
 * keeps the other two.
 */
export const DEFAULT_PREFETCH_WAIT = 8_000

/** What an invocation keeps for itself after a registry wait it gave up on: half a second. */
export const DEFAULT_TIMEOUT_MARGIN = 500

/**
 * Runs `work` with an abort signal that fires after `ms`; if `work` has not settled by
 * then, resolves to `onTimeout()` instead. The timer never keeps the process alive.
 */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>, onTimeout: () => T): Promise<T> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      controller.abort()
      resolve(onTimeout())
    }, ms)
    timer.unref?.()
  })
  try {
    return await Promise.race([work(controller.signal), expired])
  } finally {
    clearTimeout(timer)
  }
}
