#!/usr/bin/env node
/**
 * `npm run test:docs` (after TypeDoc): the code in the documentation is code.
 *
 * 1. Every ```ts block of README.md and docs/*.md is type-checked against the package's
 *    sources (imported by name, `middy-registry`, as users do: tsconfig.json's "paths"), in
 *    one TypeScript program with the repository's compiler options (strict).
 * 2. The pages' runnable examples run: a ```sh block marked `<!-- run -->` runs its command
 *    in a fresh folder that holds the page's files (below); a block marked `<!-- output -->`
 *    after it must be what the command printed.
 *
 * How the pages mark their blocks (HTML comments, on the line above the fence; they do not render):
 * - A ts block whose first line is `// name.ts`, or any block after `<!-- file: name -->`, is
 *   that file of its page: the page's other blocks import it (`./name.js`), and runs see it.
 * - A ts block without an import is a fragment: what it uses of `middy` (@middy/core) and of
 *   middy-registry's entry points is imported for it. A block with imports imports all it uses.
 * - `<!-- continues -->`: the block goes on from the page's previous ts block, in one module.
 * - `<!-- not-checked: reason -->`: skipped, for code of libraries that are not dependencies
 *   here, or text that is not code. The reason is printed with the summary.
 * - The names the pages use for the reader's own code (`callOrders`, `main`, …) are declared
 *   in PLACEHOLDERS below.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const repo = fileURLToPath(new URL('..', import.meta.url))
const started = performance.now()
const PAGES = [
  'README.md',
  ...readdirSync(join(repo, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
]
// The package's entry points, as users import them.
const ENTRY_POINTS = {
  'middy-registry': 'src/index.ts',
  'middy-registry/testing': 'src/testing/index.ts',
  'middy-registry/publish': 'src/write/publish/index.ts',
  'middy-registry/snapshot': 'src/snapshot.ts',
  'middy-registry/snapshot-keeper': 'src/write/publish/keeper.ts',
}
const PLACEHOLDERS = `
import type { Context } from 'aws-lambda'
import type { SSMClient } from '@aws-sdk/client-ssm'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
declare global {
  /** The reader's own call to the orders service. */
  function callOrders(...args: unknown[]): Promise<unknown>
  /** The reader's own handler. */
  function main(event: unknown, context: Context): Promise<unknown>
  /** The reader's own lookup in a store of their own (custom sources). */
  function lookUp(ids: readonly string[]): Promise<Record<string, string>>
  const mySsmClient: SSMClient
  const mySecretsManagerClient: SecretsManagerClient
}
export {}
`
const MARKER = /^<!--\s*(not-checked|continues|file|run|output)\b:?\s*(.*?)\s*-->$/
const FILE_COMMENT = /^\/\/ ([\w.-]+\.ts)\b/

const problems = []
const fail = (where, message) => problems.push(`${where}: ${message}`)

/** Every fenced block of a page, with the marker on the line above it, if any. */
function blocksOf(page) {
  const lines = readFileSync(join(repo, page), 'utf8').split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i])
    if (!open) continue
    const [, indent, lang] = open
    const fence = i
    const body = []
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i].slice(indent.length))
    let above = fence - 1
    while (above >= 0 && lines[above].trim() === '') above--
    const marker = above >= 0 ? MARKER.exec(lines[above].trim()) : null
    const code = body.join('\n')
    const name = marker?.[1] === 'file' ? marker[2] : lang === 'ts' ? FILE_COMMENT.exec(code)?.[1] : undefined
    blocks.push({ page, lang, line: fence + 2, code, marker: marker?.[1], reason: marker?.[2], name })
  }
  return blocks
}

/** The names each entry point exports, and whether each is a type only. */
function exportsOf() {
  const found = new Map()
  for (const [specifier, path] of Object.entries(ENTRY_POINTS)) {
    const source = ts.createSourceFile(path, readFileSync(join(repo, path), 'utf8'), ts.ScriptTarget.Latest)
    for (const statement of source.statements) {
      if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue
      for (const element of statement.exportClause.elements) {
        const name = element.name.text
        if (!found.has(name)) found.set(name, { specifier, typeOnly: statement.isTypeOnly || element.isTypeOnly })
      }
    }
  }
  return found
}

/** Identifiers a module uses but neither imports nor declares at its top level. */
function undeclaredNames(text) {
  const source = ts.createSourceFile('unit.ts', text, ts.ScriptTarget.Latest, true)
  const declared = new Set()
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause
      if (clause?.name) declared.add(clause.name.text)
      const bindings = clause?.namedBindings
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) declared.add(element.name.text)
      if (bindings && ts.isNamespaceImport(bindings)) declared.add(bindings.name.text)
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) declared.add(declaration.name.text)
    } else if (statement.name && ts.isIdentifier(statement.name)) declared.add(statement.name.text)
  }
  const used = new Set()
  const visit = (node) => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent
      const isMemberName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) && parent.name === node) ||
        (ts.isQualifiedName(parent) && parent.right === node)
      if (!isMemberName && !declared.has(node.text)) used.add(node.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return { used, hasImports: source.statements.some(ts.isImportDeclaration) }
}

/** The import lines a fragment needs. */
function preludeOf(text, exported) {
  const { used } = undeclaredNames(text)
  const lines = []
  if (used.has('middy')) lines.push("import middy from '@middy/core'")
  for (const specifier of Object.keys(ENTRY_POINTS)) {
    const names = [...used]
      .filter((name) => exported.get(name)?.specifier === specifier)
      .sort()
      .map((name) => (exported.get(name).typeOnly ? `type ${name}` : name))
    if (names.length > 0) lines.push(`import { ${names.join(', ')} } from '${specifier}'`)
  }
  return lines
}

// 1. Collect the blocks and make modules of the ts ones.
const exported = exportsOf()
const units = []
const skipped = []
const pages = PAGES.map((page) => ({ page, blocks: blocksOf(page), directory: join(repo, '.snippets', page.replace(/[/.]/g, '-')) }))
for (const { page, blocks, directory } of pages) {
  let previous
  for (const block of blocks) {
    if (block.lang !== 'ts') continue
    const where = `${page}:${block.line}`
    if (block.marker === 'not-checked') {
      if (!block.reason) fail(where, '<!-- not-checked --> needs a reason: <!-- not-checked: why -->')
      skipped.push(`${where}: ${block.reason}`)
      continue
    }
    if (block.marker === 'continues') {
      if (!previous) fail(where, '<!-- continues --> but no ts block before it on the page')
      else previous.blocks.push(block)
      continue
    }
    previous = { page, directory, name: block.name ?? `snippet-${block.line}.ts`, blocks: [block] }
    units.push(previous)
  }
}
for (const unit of units) {
  const text = unit.blocks.map((block) => block.code).join('\n')
  const fragment = !undeclaredNames(unit.blocks[0].code).hasImports
  const prelude = fragment ? preludeOf(text, exported) : []
  unit.path = join(unit.directory, unit.name)
  unit.text = [...prelude, text].join('\n')
  // Line i of the module (0-based) → its line in the Markdown, if it came from there.
  unit.lines = prelude.map(() => undefined)
  for (const block of unit.blocks) for (const offset of block.code.split('\n').keys()) unit.lines.push({ page: block.page, line: block.line + offset })
}

// 2. Type-check them all in one program.
const parsed = ts.getParsedCommandLineOfConfigFile(join(repo, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
const options = { ...parsed.options, noEmit: true, declaration: false, sourceMap: false, incremental: false }
const placeholders = join(repo, '.snippets', 'placeholders.d.ts')
const virtual = new Map([[placeholders, PLACEHOLDERS], ...units.map((unit) => [unit.path, unit.text])])
const virtualDirectories = new Set([...virtual.keys()].flatMap((path) => [join(path, '..'), join(repo, '.snippets')]))
const host = ts.createCompilerHost(options)
const { fileExists, readFile, getSourceFile, directoryExists } = host
Object.assign(host, {
  fileExists: (path) => virtual.has(path) || fileExists.call(host, path),
  readFile: (path) => virtual.get(path) ?? readFile.call(host, path),
  directoryExists: (path) => virtualDirectories.has(path) || (directoryExists ? directoryExists.call(host, path) : ts.sys.directoryExists(path)),
  getSourceFile: (path, languageVersion, ...rest) =>
    virtual.has(path) ? ts.createSourceFile(path, virtual.get(path), languageVersion, true) : getSourceFile.call(host, path, languageVersion, ...rest),
})
const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host })
const unitOf = new Map(units.map((unit) => [unit.path, unit]))
for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')
  const file = diagnostic.file
  if (!file) {
    fail('tsc', message)
    continue
  }
  const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
  const unit = unitOf.get(file.fileName)
  const origin = unit?.lines[line]
  const where = origin
    ? `${origin.page}:${origin.line}`
    : unit
      ? `${unit.page} (the imports added to the snippet at line ${unit.blocks[0].line})`
      : relative(repo, file.fileName)
  fail(where, `TS${diagnostic.code}: ${message}`)
}

// 3. Run what the pages say to run.
/** Runs a `<!-- run -->` block's command in a fresh folder holding the page's files; compares its output. */
function runExample(page, blocks, index, files) {
  const block = blocks[index]
  const where = `${page}:${block.line}`
  const command = block.code.trim()
  // VAR=value … npx tsx FILE, or … node --import tsx FILE: nothing else is needed so far.
  const match = /^((?:\w+=\S*\s+)*)(?:npx tsx|node --import tsx) (\S+\.ts)$/.exec(command)
  if (!match || command.includes('\n')) return fail(where, `a <!-- run --> block must be one command: [VAR=value …] npx tsx FILE.ts, not: ${command}`)
  const env = Object.fromEntries(
    match[1]
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => pair.split(/=(.*)/s).slice(0, 2)),
  )
  const script = match[2].replace(/^\.\//, '')
  if (!files.has(script)) return fail(where, `runs ${script}, which no block of the page names`)
  const expected = blocks.slice(index + 1).find((later) => later.marker === 'output' || later.marker === 'run')
  const work = mkdtempSync(join(tmpdir(), 'middy-registry-snippets-'))
  try {
    // A project of the reader's: ESM, its dependencies (the repository's), and the package by name.
    writeFileSync(join(work, 'package.json'), JSON.stringify({ type: 'module', private: true }))
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ extends: join(repo, 'tsconfig.json') }))
    symlinkSync(join(repo, 'node_modules'), join(work, 'node_modules'), 'dir')
    for (const [name, text] of files) writeFileSync(join(work, name), text)
    // Only what the command sets: no registry file, stage or AWS account of the caller's.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MIDDY_REGISTRY_') && !name.startsWith('AWS_')))
    const result = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: work, encoding: 'utf8', env: { ...inherited, ...env }, timeout: 60_000 })
    runs++
    if (result.status !== 0) return fail(where, `${command} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`)
    if (expected?.marker === 'output' && result.stdout.trim() !== expected.code.trim())
      fail(`${page}:${expected.line}`, `${command} printed:\n${result.stdout.trim()}\nnot what the page shows:\n${expected.code.trim()}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

let runs = 0
for (const { page, blocks } of pages) {
  const files = new Map()
  for (const block of blocks) if (block.name && block.lang !== 'ts') files.set(block.name, block.code)
  for (const unit of units) if (unit.page === page && unit.blocks[0].name) files.set(unit.name, unit.text)
  for (const [index, block] of blocks.entries()) if (block.marker === 'run') runExample(page, blocks, index, files)
}

const seconds = ((performance.now() - started) / 1000).toFixed(1)
if (skipped.length > 0) console.log(`not checked, as marked:\n  ${skipped.join('\n  ')}`)
if (problems.length > 0) {
  console.error(`\n${problems.join('\n\n')}\n\n✗ documentation snippets: ${problems.length} problem(s) (${seconds} s)`)
  process.exit(1)
}
console.log(`✓ documentation snippets: ${units.length} modules from ${PAGES.length} pages type-check, ${runs} example(s) run as shown (${seconds} s)`)
