/**
 * Reading a registry file for the CLI: the file's text, parsed and checked, and the
 * entries it gives. Every problem is a RegistryFileError (exit 65) naming the file.
 */
import { readFile } from 'node:fs/promises'
import { checkRegistryFile } from './check-file.js'
import { type DesiredEntry, entriesOf } from './entries.js'
import type { RegistryFile } from './format.js'
import { parseRegistryText } from './parse.js'
import { placedProblem } from './path-text.js'
import { RegistryFileError } from './problem.js'

/** The error with the file's name in front: `registry.yaml is not valid YAML`, `registry.yaml: stages.prod…`. */
function named(file: string, error: unknown): unknown {
  if (!(error instanceof RegistryFileError)) return error
  // A problem of the file as a whole reads `registry.yaml is …`; one at a place, `registry.yaml: stages.prod… is …`.
  return new RegistryFileError(error.at?.path.length === 0 ? `${file} ${error.at.problem}` : `${file}: ${placedProblem(error)}`, error.at)
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
