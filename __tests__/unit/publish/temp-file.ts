import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh directory for one test's registry files, and its removal. */
export async function tempDirectory(): Promise<{ path: (name: string) => string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'middy-registry-publish-'))
  return { path: (name) => join(directory, name), remove: () => rm(directory, { recursive: true, force: true }) }
}
