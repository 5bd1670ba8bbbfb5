/** A registry file's content as text: JSON, or YAML (with the optional `yaml` package). */
import { loadYaml } from './yaml.js'

export type FileFormat = 'json' | 'yaml'

export async function serializeRegistry(content: unknown, format: FileFormat): Promise<string> {
  if (format === 'json') return `${JSON.stringify(content, null, 2)}\n`
  // No line folding: endpoints and names stay on one line, as they are searched for. No
  // anchors: each entry reads on its own. YAML 1.1 quoting: `on`, `off`, `yes` and `no`
  // stay strings for 1.1 parsers (and tools built on them) too, not only for 1.2 ones.
  return (await loadYaml()).stringify(content, { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' })
}
