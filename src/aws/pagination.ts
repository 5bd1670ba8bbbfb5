/**
 * The one pagination loop: AWS's list calls answer a page and a NextToken, and a page may
 * be short, or even empty, and still have one. Readers and writers alike follow it here.
 */

/** A guard against a server that keeps answering with a NextToken: 10,000 pages. */
export const MAX_PAGES = 10_000

/** Calls `read` with each NextToken, hands every page to `onPage`; false when MAX_PAGES ran out first. */
export async function eachPage<P extends { NextToken?: string }>(
  read: (nextToken: string | undefined) => Promise<P>,
  onPage: (page: P) => void,
): Promise<boolean> {
  let nextToken: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const output = await read(nextToken)
    onPage(output)
    nextToken = output.NextToken
    if (!nextToken) return true
  }
  return false
}
