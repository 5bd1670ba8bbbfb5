/**
 * How deep a YAML text nests, read from its syntax tree before the `yaml` package turns it
 * into data. That step recurses: nested a few hundred levels it overflows the stack, and a
 * hundred thousand `[` can abort the whole process, which no catch survives. The tree is
 * built without recursion, and is walked here with a loop.
 */
import type { CstToken, YamlModule } from './yaml.js'

type Key = string | number

interface Visit {
  readonly token: CstToken
  readonly depth: number
  readonly parent?: Visit
  readonly key?: Key
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection'])

function pathOf(visit: Visit): Key[] {
  const path: Key[] = []
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) path.unshift(at.key!)
  return path
}

const isSequence = (token: CstToken) =>
  token.type === 'block-seq' || (token.type === 'flow-collection' && !Array.isArray(token.start) && (token.start as { source?: string })?.source === '[')

/** A mapping key as its text, for naming the place; a key that is not a plain scalar is named `?`. */
function keyText(yaml: YamlModule, key: CstToken | null | undefined): string {
  if (!key) return ''
  try {
    return yaml.CST.resolveAsScalar(key)?.value ?? '?'
  } catch {
    return '?'
  }
}

/**
 * The path to the first collection nested deeper than `max` levels (`[[1]]` is 2 levels),
 * e.g. `['parameters', '/deep', 0, …]`; undefined when the text is within it.
 */
export function yamlTooDeepAt(yaml: YamlModule, text: string, max: number): Key[] | undefined {
  const pending: Visit[] = []
  for (const token of new yaml.Parser().parse(text)) {
    if (token.type === 'document' && token.value) pending.unshift({ token: token.value, depth: 1 })
  }
  while (pending.length > 0) {
    const visit = pending.pop()!
    if (!COLLECTIONS.has(visit.token.type)) continue
    if (visit.depth > max) return pathOf(visit)
    const items = visit.token.items ?? []
    const sequence = isSequence(visit.token)
    // Pushed in reverse, so that the first item is visited first.
    for (let index = items.length - 1; index >= 0; index--) {
      const { key, value } = items[index]!
      const name = sequence ? index : keyText(yaml, key)
      if (value) pending.push({ token: value, depth: visit.depth + 1, parent: visit, key: name })
      if (key) pending.push({ token: key, depth: visit.depth + 1, parent: visit, key: name })
    }
  }
  return undefined
}
