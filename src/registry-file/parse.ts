/**
 * A registry file's text as data: JSON, or YAML for `.yaml` and `.yml` files. Syntax
 * errors give a line and column, never the text around them; data nested too deeply
 * names its entry.
 */

import { problemAt } from './problem.js'
import { FileTextProblem, parseFileText } from './text.js'
import { YamlSyntaxError } from './yaml.js'

/** The parsed content of a file named `file` (the name decides the syntax). */
export async function parseRegistryText(file: string, text: string): Promise<unknown> {
  try {
    return await parseFileText(file, text)
  } catch (error) {
    if (error instanceof FileTextProblem) problemAt(error.path, error.message)
    if (error instanceof YamlSyntaxError) problemAt([], error.message)
    throw error
  }
}
