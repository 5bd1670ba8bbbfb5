/**
 * The local registry file as the write side sees it: its `parameters` and `secrets` maps,
 * and what the file cannot otherwise hold (version counters, tags) in a `published` member
 * that readers ignore. Every write replaces the file in one rename, so a reader never sees
 * half a file; writers in one process take turns.
 */
import { randomBytes } from 'node:crypto'
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { pathText } from '../../../core/describe.js'
import { setOwn } from '../../../core/keys.js'
import { isObject } from '../../../core/values.js'
import { isRegistryDocument } from '../../../registry-file/format.js'
import { type FileTextProblem, parseJsonText } from '../../../registry-file/text.js'
import { PublishError } from '../publish-error.js'

interface Published {
  version: number
  tags?: Record<string, string>
}

export type Section = 'parameters' | 'secrets'

/** The file's JSON, with the members this target reads and writes checked to be objects. */
export type RegistryDocument = Record<string, unknown> & Record<Section, Record<string, unknown>> & { published: Record<Section, Record<string, Published>> }

export const asText = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : JSON.stringify(value))

// Messages describe what is wrong with the file, never what it holds: it holds secrets.
const invalid = (file: string, problem: string) => new PublishError('LocalRegistryInvalid', `read ${file}`, `the local registry file ${problem}`)

export async function load(file: string): Promise<RegistryDocument> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'UnknownError'
    // A file that does not exist yet is an empty registry: the first publish creates it.
    if (code !== 'ENOENT') throw new PublishError(code, `read ${file}`, 'the local registry file cannot be read')
    text = '{}'
  }
  let parsed: unknown
  try {
    parsed = parseJsonText(text)
  } catch (error) {
    const { message, path } = error as FileTextProblem
    throw invalid(file, path.length === 0 ? message : `is not valid: ${pathText(path)} ${message}`)
  }
  if (!isObject(parsed)) throw invalid(file, 'must hold a JSON object')
  // Writing flat entries into it would leave them unread: a registry file is edited, then applied.
  if (isRegistryDocument(parsed)) throw invalid(file, 'is a registry file (it has "stages"): edit it instead, and write it to AWS with middy-registry apply')
  const { parameters = {}, secrets = {}, published = {} } = parsed
  if (!isObject(parameters) || !isObject(secrets)) throw invalid(file, 'must have "parameters" and "secrets" objects')
  if (!isObject(published) || !isObject(published.parameters ?? {}) || !isObject(published.secrets ?? {}))
    throw invalid(file, 'has a "published" member that is not { parameters, secrets }')
  const record = published as Partial<RegistryDocument['published']>
  return { ...parsed, parameters, secrets, published: { parameters: { ...record.parameters }, secrets: { ...record.secrets } } }
}

/** Writes next to the file, then renames over it; the new file keeps the old one's permissions. */
export async function save(file: string, document: RegistryDocument): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    // A new file holds secrets: readable by its owner only.
    const mode = await stat(file).then(
      ({ mode }) => mode & 0o777,
      () => 0o600,
    )
    await writeFile(temporary, `${JSON.stringify(document, null, 2)}\n`, { mode, flag: 'wx' })
    await rename(temporary, file)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw new PublishError((error as { code?: string }).code ?? 'UnknownError', `write ${file}`, 'the local registry file cannot be written')
  }
}

// Publishes to one file from one process take turns, so none overwrites another's update.
const queues = new Map<string, Promise<unknown>>()

export function inTurn<T>(file: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(file) ?? Promise.resolve()).then(task, task)
  const settled = run.catch(() => undefined)
  queues.set(file, settled)
  void settled.then(() => queues.get(file) === settled && queues.delete(file))
  return run
}

/** A value present without a record of its publishing counts as version 1. */
export function versionOf(document: RegistryDocument, section: Section, name: string): number {
  return document.published[section][name]?.version ?? (Object.hasOwn(document[section], name) ? 1 : 0)
}

/** A new version of the entry; its tags stay. */
export function record(document: RegistryDocument, section: Section, name: string, value: string): number {
  const version = versionOf(document, section, name) + 1
  // Defined, not assigned: a parameter or secret AWS allows to be named `__proto__` stays an entry.
  setOwn(document[section], name, value)
  const tags = document.published[section][name]?.tags
  setOwn(document.published[section], name, { version, ...(tags ? { tags } : {}) })
  return version
}

/** Tags are added or replaced, never removed: as AddTagsToResource and TagResource do. */
export function tag(document: RegistryDocument, section: Section, name: string, tags: Readonly<Record<string, string>>): void {
  const merged = { ...document.published[section][name]?.tags, ...tags }
  if (Object.keys(merged).length === 0) return
  setOwn(document.published[section], name, { version: versionOf(document, section, name), tags: merged })
}

export const localVersionId = (version: number) => `local-${version}`
