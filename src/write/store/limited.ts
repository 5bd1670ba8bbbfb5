import { mapLimited } from '../../core/limited.js'

/** Runs `task` for every item, at most `limit` at a time: a large file must not set off throttling. */
export async function eachLimited<T>(items: readonly T[], task: (item: T, index: number) => Promise<void>, limit = 8): Promise<void> {
  await mapLimited(items, limit, task)
}
