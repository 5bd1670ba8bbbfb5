/**
 * Local registry files for tests, each in a fresh temp directory. Imports nothing from src/,
 * so tests that mock SDK modules before importing the package can use it too.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const directories: string[] = []

/** Writes a registry file (an object as JSON, or raw text) and returns its path. */
export function writeRegistry(content: object | string): string {
  const directory = mkdtempSync(join(tmpdir(), 'middy-registry-local-'))
  directories.push(directory)
  const file = join(directory, 'registry.local.json')
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
  return file
}

/** Removes every file written so far (typically in `afterEach`). */
export function removeRegistryFiles(): void {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
}
