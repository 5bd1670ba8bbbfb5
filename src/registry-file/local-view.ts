/**
 * A registry file read as the local registry (offline runs, the demo): its entries, by
 * the file's convention, in the flat shape the local source reads. Secret values come
 * from the environment at read time, through the variables the file names (`fromEnv`,
 * or `localEnv` for a prompted or declared secret); a secret whose variable is unset is
 * absent, so it resolves as not found, as it would in an account where it does not exist.
 * A binary secret's variable holds base64, as the local source keeps binary secrets.
 */
import { base64Problem, compactBase64 } from '../core/base64.js'
import { checkRegistryFile } from './check-file.js'
import { type DesiredSecret, entriesOf, type ValueSource } from './entries.js'
import { localVariableOf } from './format.js'
import { RegistryFileError } from './problem.js'

// A file's entries name their variables; a value handed over by a program is never in a file.
const variableOf = (source: ValueSource) => ('given' in source ? undefined : localVariableOf(source))

/**
 * A binary secret as the local source holds one: base64 text, which secret.binary()
 * decodes. Checked as apply checks it, so that offline runs refuse what apply would.
 */
function binaryText(entry: DesiredSecret, value: string): string {
  const problem = base64Problem(value)
  // The variable is named, never its value.
  if (problem) throw new RegistryFileError(`${entry.origin} is binary: true, and the value of ${variableOf(entry.source)} ${problem}`)
  return compactBase64(value)
}

export interface LocalView {
  readonly parameters: Record<string, unknown>
  readonly secrets: Record<string, unknown>
  readonly dynamo: Record<string, Record<string, unknown>[]>
}

/** The flat local registry of a parsed registry file; throws a RegistryFileError if the file is invalid. */
export function localViewOf(parsed: unknown, env: Readonly<Record<string, string | undefined>>): LocalView {
  // Without a prototype, so that an entry named `__proto__` (a name AWS allows) is kept as one.
  const view: LocalView = { parameters: Object.create(null), secrets: Object.create(null), dynamo: Object.create(null) }
  const secretOf = (source: ValueSource) => {
    const variable = variableOf(source)
    const value = variable === undefined ? undefined : env[variable]
    return value === '' ? undefined : value
  }
  for (const entry of entriesOf(checkRegistryFile(parsed))) {
    if (entry.kind === 'item') {
      ;(view.dynamo[entry.table] ??= []).push({ ...entry.item })
    } else if (entry.kind === 'secret' || entry.type === 'SecureString') {
      const value = secretOf(entry.source)
      if (value === undefined) continue
      if (entry.kind === 'secret') view.secrets[entry.name] = entry.binary ? binaryText(entry, value) : value
      else view.parameters[entry.name] = value
    } else {
      // The local source tells a StringList by its being an array.
      view.parameters[entry.name] = entry.type === 'StringList' ? entry.value.split(',') : entry.value
    }
  }
  return view
}
