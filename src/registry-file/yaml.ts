/**
 * YAML in registry files. The loader and the parser are in core/yaml.ts, shared with the
 * sources that fetch YAML; they are re-exported here for the registry-file code and the
 * CLI, which import them from this module.
 */
export { loadYaml, parseYaml, type YamlModule, YamlNotInstalledError, YamlSyntaxError } from '../core/yaml.js'

/** Whether a file name says YAML (`.yaml`, `.yml`); anything else is read as JSON. */
export const isYamlFile = (file: string): boolean => /\.ya?ml$/i.test(file)
