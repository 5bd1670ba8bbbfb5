/**
 * The content of a local registry file: JSON, or YAML for a `.yaml`/`.yml` file (with the
 * optional `yaml` package, loaded only then); and a registry-as-code file (one with
 * `stages`) translated to the flat shape the local source reads, so that one file serves
 * `middy-registry plan`/`apply` and offline runs alike. The translation is loaded only for
 * such a file: it adds nothing to a function that reads AWS.
 */

import { pathText } from '../core/describe.js'
import { isRegistryDocument } from '../registry-file/format.js'
import { placedProblem } from '../registry-file/path-text.js'
import { FileTextProblem, parseFileText } from '../registry-file/text.js'
import { YamlSyntaxError } from '../registry-file/yaml.js'

/** What is wrong with the file, as a phrase that follows its name and never quotes it: `is not valid JSON`. */
export class LocalFileProblem extends Error {}

async function parse(file: string, text: string): Promise<unknown> {
  try {
    return await parseFileText(file, text)
  } catch (error) {
    if (error instanceof FileTextProblem)
      throw new LocalFileProblem(error.path.length === 0 ? error.message : `is not valid: ${pathText(error.path)} ${error.message}`)
    throw new LocalFileProblem(error instanceof YamlSyntaxError ? error.message : `cannot be read: ${(error as Error).message}`)
  }
}

/** The file's content in the local source's flat shape (or as written, if it is already flat). */
export async function localRegistryContent(file: string, text: string, env: Readonly<Record<string, string | undefined>>): Promise<unknown> {
  const parsed = await parse(file, text)
  if (!isRegistryDocument(parsed)) return parsed
  const { localViewOf } = await import('../registry-file/local-view.js')
  try {
    return localViewOf(parsed, env)
  } catch (error) {
    throw new LocalFileProblem(`is not a valid registry file: ${placedProblem(error as Error)}`)
  }
}
