/**
 * The snapshot document: a stage's non-secret parameters, as one JSON object in S3, so
 * that a cold start reads them in one request instead of asking Parameter Store for each
 * (docs/snapshot.md). It holds String and StringList parameters only: a SecureString is
 * never in it, only its name in `withheld`, so that a path holding one is read from
 * Parameter Store instead. This module is pure: building, checking and answering from a
 * document; reading and writing it in S3 is the registry's and the writer's.
 */
import type { RawParameter, RawPath } from './payload.js'

/** What the document says it is, and the version of its format. */
export const SNAPSHOT_FORMAT = 'middy-registry/snapshot'
export const SNAPSHOT_VERSION = 1

/** One parameter as the snapshot holds it: its latest version, and the labels on that version. */
export interface SnapshotParameter {
  readonly value: string
  readonly type: 'String' | 'StringList'
  readonly version: number
  readonly labels: readonly string[]
}

export interface SnapshotDocument {
  readonly format: typeof SNAPSHOT_FORMAT
  readonly version: typeof SNAPSHOT_VERSION
  readonly stage: string
  /** When it was written (ISO 8601). */
  readonly generatedAt: string
  /** The paths whose every parameter it accounts for (recursively): held, or named in `withheld`. */
  readonly paths: readonly string[]
  /** Parameters by name. */
  readonly parameters: Readonly<Record<string, SnapshotParameter>>
  /** SecureStrings under its paths, by name only: never a value. */
  readonly withheld: readonly string[]
}

/** A parameter as a writer read it from Parameter Store. */
export interface ReadParameter {
  readonly name: string
  readonly value: string
  readonly type: string
  readonly version: number
  readonly labels?: readonly string[]
}

const isSnapshotType = (type: string): type is SnapshotParameter['type'] => type === 'String' || type === 'StringList'

/** The document for what a writer read: String and StringList values; any other type by name only. */
export function buildSnapshot(stage: string, paths: readonly string[], read: readonly ReadParameter[], now = new Date()): SnapshotDocument {
  const parameters: Record<string, SnapshotParameter> = {}
  const withheld: string[] = []
  for (const { name, value, type, version, labels = [] } of [...read].sort((a, b) => a.name.localeCompare(b.name))) {
    if (isSnapshotType(type)) parameters[name] = { value, type, version, labels: [...labels].sort() }
    else withheld.push(name)
  }
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, stage, generatedAt: now.toISOString(), paths: [...paths].sort(), parameters, withheld }
}

/** The document with one parameter changed (`undefined`: deleted), as a change event tells it. */
export function withParameter(document: SnapshotDocument, name: string, read: ReadParameter | undefined, now = new Date()): SnapshotDocument {
  const { [name]: _replaced, ...rest } = document.parameters
  const parameters: Record<string, SnapshotParameter> = rest
  const withheld = document.withheld.filter((other) => other !== name)
  if (read && isSnapshotType(read.type))
    parameters[name] = { value: read.value, type: read.type, version: read.version, labels: [...(read.labels ?? [])].sort() }
  else if (read) withheld.push(name)
  return { ...document, generatedAt: now.toISOString(), parameters, withheld: withheld.sort() }
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string')

function isSnapshotParameter(value: unknown): value is SnapshotParameter {
  const entry = value as SnapshotParameter
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.value === 'string' &&
    isSnapshotType(entry.type) &&
    Number.isSafeInteger(entry.version) &&
    isStringArray(entry.labels)
  )
}

/** The document a text holds, or what is wrong with it (a phrase that never quotes a value). */
export function parseSnapshot(text: string): SnapshotDocument | { readonly problem: string } {
  let document: SnapshotDocument
  try {
    document = JSON.parse(text) as SnapshotDocument
  } catch {
    return { problem: 'is not JSON' }
  }
  if (typeof document !== 'object' || document === null || document.format !== SNAPSHOT_FORMAT) return { problem: `is not a ${SNAPSHOT_FORMAT} document` }
  if (document.version !== SNAPSHOT_VERSION) return { problem: `has format version ${String(document.version)}, not ${SNAPSHOT_VERSION}` }
  if (typeof document.stage !== 'string' || !isStringArray(document.paths) || !isStringArray(document.withheld))
    return { problem: 'lacks its stage, paths or withheld names' }
  const parameters = document.parameters as unknown
  if (typeof parameters !== 'object' || parameters === null || !Object.values(parameters).every(isSnapshotParameter))
    return { problem: 'has a parameter that is not a String or StringList with a value, version and labels' }
  return document
}

/**
 * The parameter a name and selector (`:3`, `:live`, or none) ask for, as GetParameters
 * would answer it; undefined when the snapshot cannot tell (not held, an older version,
 * a label on another version), and Parameter Store must be asked.
 */
export function parameterFrom(document: SnapshotDocument, name: string, selector: string): RawParameter | undefined {
  const entry = Object.hasOwn(document.parameters, name) ? document.parameters[name] : undefined
  if (!entry) return undefined
  const wanted = selector.slice(1)
  if (selector !== '' && (/^\d+$/.test(wanted) ? Number(wanted) !== entry.version : !entry.labels.includes(wanted))) return undefined
  return { kind: 'parameter', value: entry.value, type: entry.type, version: entry.version }
}

const prefixOf = (path: string) => (path === '/' ? '/' : `${path}/`)
const covers = (root: string, path: string) => root === path || path.startsWith(prefixOf(root))

/**
 * Every parameter under a path, as GetParametersByPath would answer it; undefined when
 * the snapshot does not account for the whole path, or a SecureString is under it.
 */
export function pathFrom(document: SnapshotDocument, path: string, recursive: boolean): RawPath | undefined {
  if (!document.paths.some((root) => covers(root, path))) return undefined
  const prefix = prefixOf(path)
  const below = (name: string) => name.startsWith(prefix) && (recursive || !name.slice(prefix.length).includes('/'))
  if (document.withheld.some(below)) return undefined
  const entries = Object.entries(document.parameters)
    .filter(([name]) => below(name))
    .map(([name, { value, type }]) => ({ name: name.slice(prefix.length), value, type }))
  return { kind: 'path', entries }
}

/**
 * The document with what is under `paths` replaced by what a writer read there (the rest
 * kept): a publish of one service refreshes its part of the stage's snapshot.
 */
export function withPaths(
  document: SnapshotDocument | undefined,
  stage: string,
  paths: readonly string[],
  read: readonly ReadParameter[],
  now = new Date(),
): SnapshotDocument {
  const replaced = (name: string) => paths.some((path) => name.startsWith(prefixOf(path)))
  const kept: ReadParameter[] = Object.entries(document?.parameters ?? {})
    .filter(([name]) => !replaced(name))
    .map(([name, entry]) => ({ name, ...entry }))
  const keptWithheld = (document?.withheld ?? []).filter((name) => !replaced(name)).map((name) => ({ name, value: '', type: 'SecureString', version: 0 }))
  const allPaths = [...new Set([...(document?.paths ?? []), ...paths])].filter((path, _, all) => !all.some((other) => other !== path && covers(other, path)))
  return buildSnapshot(stage, allPaths, [...kept, ...keptWithheld, ...read], now)
}
