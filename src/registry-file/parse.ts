/**
 * A registry file's text as data: JSON, or YAML for `.yaml` and `.yml` files. Syntax
 * errors give a line and column, never the text around them.
 */
import { isYamlFile, parseYaml, YamlSyntaxError } from './yaml.js'
import { problemAt } from './problem.js'

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return problemAt([], 'is not valid JSON')
  }
}

/** The parsed content of a file named `file` (the name decides the syntax). */
export async function parseRegistryText(file: string, text: string): Promise<unknown> {
  if (!isYamlFile(file)) return parseJson(text)
  try {
    return await parseYaml(text)
  } catch (error) {
    if (error instanceof YamlSyntaxError) problemAt([], error.message)
    throw error
  }
}
