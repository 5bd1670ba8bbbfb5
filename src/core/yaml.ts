/**
 * The `yaml` package, loaded only when YAML is read or written: a YAML registry file, or a
 * YAML configuration that a source fetched (AppConfig's `application/x-yaml`). It is an
 * optional peer dependency: nothing else needs it, and JSON needs nothing.
 */

/** A node of the package's concrete syntax tree, as far as yaml-depth.ts reads it. */
export interface CstToken {
  readonly type: string
  readonly source?: string
  readonly start?: { readonly source?: string } | readonly unknown[]
  readonly value?: CstToken
  readonly items?: readonly { readonly key?: CstToken | null; readonly value?: CstToken }[]
}

/** The part of the `yaml` package used here. */
export interface YamlModule {
  parse(text: string): unknown
  stringify(value: unknown, options?: { lineWidth?: number; aliasDuplicateObjects?: boolean; version?: '1.1' | '1.2' }): string
  /** The syntax tree, built without recursion: read before parse(), which recurses. */
  Parser: new () => { parse(text: string): Iterable<CstToken> }
  CST: { resolveAsScalar(token: CstToken): { value: string } | null }
}

/** The package is missing: says how to add it, or to use JSON instead. */
export class YamlNotInstalledError extends Error {
  override readonly name = 'YamlNotInstalled'
  readonly code = 'YamlNotInstalled'
  constructor() {
    super('reading or writing YAML needs the "yaml" package: add it with "npm install --save-dev yaml", or use a .json file')
  }
}

// The specifier is not a literal, so that a bundler building a Lambda function does not
// try to resolve (or include) a package that only offline runs and the CLI may use.
const YAML_PACKAGE = 'yaml'
let loading: Promise<YamlModule> | undefined

export function loadYaml(): Promise<YamlModule> {
  loading ??= (import(YAML_PACKAGE) as Promise<YamlModule & { default?: YamlModule }>).then(
    (module) => module.default ?? module,
    (error: unknown) => {
      loading = undefined
      throw (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ? new YamlNotInstalledError() : error
    },
  )
  return loading
}

/** YAML that does not parse; the message is a phrase, `is not valid YAML (line 3, column 1)`, never the text. */
export class YamlSyntaxError extends Error {}

/** YAML text as data. */
export async function parseYaml(text: string): Promise<unknown> {
  const yaml = await loadYaml()
  try {
    return yaml.parse(text)
  } catch (error) {
    // The package's message quotes the offending lines: only the position is kept.
    const position = (error as { linePos?: readonly { line: number; col: number }[] }).linePos?.[0]
    throw new YamlSyntaxError(`is not valid YAML${position ? ` (line ${position.line}, column ${position.col})` : ''}`)
  }
}
