/** Runs `task` for every item, at most `limit` at a time: a large file must not set off throttling. */
export async function eachLimited<T>(items: readonly T[], task: (item: T, index: number) => Promise<void>, limit = 8): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      await task(items[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
