/**
 * A registry file's text as data, for the CLI and the local registry alike: JSON, or YAML
 * for `.yaml` and `.yml` files; a leading byte-order mark ignored; nesting bounded. What is
 * wrong is said as a phrase with a place in the file, never with the text around it.
 */
import { MAX_DEPTH, tooDeepAt } from '../core/depth.js'
import { yamlTooDeepAt } from '../core/yaml-depth.js'
import type { FilePath } from './path-text.js'
import { isYamlFile, loadYaml, parseYaml } from './yaml.js'

/** Why a file's text is not data: a phrase that follows the file's name (`is not valid JSON`), and where, if it says. */
export class FileTextProblem extends Error {
  constructor(
    message: string,
    readonly path: FilePath = [],
  ) {
    super(message)
  }
}

// Editors on Windows may start a UTF-8 file with one; JSON.parse refuses it.
const BYTE_ORDER_MARK = '\uFEFF'

/** Where an entry too deep is named: a flat file's `parameters["/x"]`, a registry file's `stages.prod.parameters["/x"]`. */
const entryOf = (path: readonly (string | number)[]) => path.slice(0, path[0] === 'stages' ? 4 : 2)

const tooDeep = (path: readonly (string | number)[]) => new FileTextProblem(`is nested deeper than ${MAX_DEPTH} levels`, entryOf(path))

const withoutByteOrderMark = (text: string) => (text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text)

function checkDepth(parsed: unknown): unknown {
  const deep = tooDeepAt(parsed)
  if (deep) throw tooDeep(deep)
  return parsed
}

/** JSON text (a local registry file) as data; throws a FileTextProblem. */
export function parseJsonText(text: string): unknown {
  let parsed: unknown
  try {
    parsed = JSON.parse(withoutByteOrderMark(text))
  } catch {
    throw new FileTextProblem('is not valid JSON')
  }
  return checkDepth(parsed)
}

/** Checked before parsing: parsing YAML nested too deeply could abort the process. */
async function parseYamlWithin(text: string): Promise<unknown> {
  const deep = yamlTooDeepAt(await loadYaml(), text, MAX_DEPTH)
  if (deep) throw tooDeep(deep)
  return parseYaml(text)
}

/**
 * The parsed content of a file named `file` (the name decides the syntax). Throws a
 * FileTextProblem, or parseYaml's errors (YamlSyntaxError, YamlNotInstalledError).
 */
export async function parseFileText(file: string, text: string): Promise<unknown> {
  if (!isYamlFile(file)) return parseJsonText(text)
  // Checked again once parsed: aliases can nest YAML's data deeper than its text.
  return checkDepth(await parseYamlWithin(withoutByteOrderMark(text)))
}
