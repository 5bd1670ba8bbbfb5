/**
 * Reading a registry file for the CLI: the file's text, parsed and checked, and the
 * entries it gives. Every problem is a RegistryFileError (exit 65) naming the file.
 */
import { readFile } from 'node:fs/promises'
import { checkRegistryFile } from './check-file.js'
import { type DesiredEntry, entriesOf } from './entries.js'
import type { RegistryFile } from './format.js'
import { parseRegistryText } from './parse.js'
import { RegistryFileError } from './problem.js'

/** The error with the file's name in front: `registry.yaml is not valid YAML`, `registry.yaml: stages.prod…`. */
function named(file: string, error: unknown): unknown {
  if (!(error instanceof RegistryFileError)) return error
  const problem = error.message.replace(/^the registry file /, '')
  return new RegistryFileError(problem === error.message ? `${file}: ${problem}` : `${file} ${problem}`)
}

export interface ReadRegistry {
  readonly registry: RegistryFile
  /** The entries of every stage, or of the one asked for. */
  readonly entries: DesiredEntry[]
}

export async function readRegistryFile(file: string, stage?: string): Promise<ReadRegistry> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new RegistryFileError(`${file} cannot be read (${(error as { code?: string }).code ?? 'unknown error'})`)
  }
  try {
    const registry = checkRegistryFile(await parseRegistryText(file, text))
    return { registry, entries: entriesOf(registry, stage) }
  } catch (error) {
    throw named(file, error)
  }
}
