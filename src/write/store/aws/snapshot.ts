/**
 * The snapshot's AWS reads and writes (docs/snapshot.md): the stage's parameters as
 * Parameter Store lists them, never decrypted (a SecureString is only named in the
 * document), each one's labels, and the document itself in S3, written conditionally on
 * the ETag it was read with, so that two writers never lose each other's change.
 */

import { eachPage } from '../../../aws/pagination.js'
import { parseSnapshot, type ReadParameter, type SnapshotDocument } from '../../../sources/ssm/snapshot.js'
import { PublishError } from '../publish-error.js'
import { parametersUnder } from './parameters.js'
import { orUndefined, type Send } from './send.js'

/** Where the snapshot lives. */
export interface SnapshotLocation {
  readonly bucket: string
  readonly key: string
}

/** The document as S3 holds it now (none yet: no document) and its ETag, for a conditional write. */
export interface StoredSnapshot {
  readonly document?: SnapshotDocument
  readonly etag?: string
}

interface ParameterOutput {
  Name?: string
  Value?: string
  Type?: string
  Version?: number
}

/** What a parameter's history says of the labels on one of its versions. */
async function labelsOf(send: Send, name: string, version: number): Promise<string[]> {
  const labels: string[] = []
  const read = (NextToken?: string) =>
    send<{ Parameters?: Array<{ Version?: number; Labels?: string[] }>; NextToken?: string }>(
      'ssm',
      'GetParameterHistory',
      { Name: name, WithDecryption: false, MaxResults: 50, NextToken },
      name,
    )
  await eachPage(read, (page) => {
    for (const entry of page.Parameters ?? []) if (entry.Version === version) labels.push(...(entry.Labels ?? []))
  })
  return labels
}

/** A parameter as the snapshot takes it: a SecureString's value is never read (WithDecryption false) nor kept. */
async function readParameterOf(send: Send, { Name = '', Value = '', Type = 'String', Version = 0 }: ParameterOutput): Promise<ReadParameter> {
  if (Type === 'SecureString') return { name: Name, value: '', type: Type, version: Version }
  return { name: Name, value: Value, type: Type, version: Version, labels: await labelsOf(send, Name, Version) }
}

/** Every parameter under the paths (recursively), with the labels on its latest version. */
export async function readStageParameters(send: Send, paths: readonly string[]): Promise<ReadParameter[]> {
  const listed: ParameterOutput[] = []
  // The one paging loop of the write side (never decrypting), its answers as SSM gives them.
  for (const path of paths)
    for (const { name, type, value, version } of await parametersUnder(send, path)) listed.push({ Name: name, Type: type, Value: value, Version: version })
  const read: ReadParameter[] = []
  // A few history reads at a time: GetParameterHistory shares Parameter Store's throughput.
  for (let start = 0; start < listed.length; start += 5)
    read.push(...(await Promise.all(listed.slice(start, start + 5).map((output) => readParameterOf(send, output)))))
  return read
}

/** One parameter as it is now; undefined once it is deleted. */
export async function readOneParameter(send: Send, name: string): Promise<ReadParameter | undefined> {
  const answer = await orUndefined(
    send<{ Parameter?: ParameterOutput }>('ssm', 'GetParameter', { Name: name, WithDecryption: false }, name),
    'ParameterNotFound',
  )
  return answer?.Parameter && readParameterOf(send, answer.Parameter)
}

const uriOf = ({ bucket, key }: SnapshotLocation) => `s3://${bucket}/${key}`

/** The document and its ETag; none when the object does not exist. An object that is not a snapshot is refused, never overwritten. */
export async function readSnapshotObject(send: Send, location: SnapshotLocation): Promise<StoredSnapshot> {
  const input = { Bucket: location.bucket, Key: location.key }
  const output = await orUndefined(
    send<{ Body?: { transformToString(): Promise<string> }; ETag?: string }>('s3', 'GetObject', input, uriOf(location)),
    'NoSuchKey',
  )
  if (!output?.Body) return {}
  const document = parseSnapshot(await output.Body.transformToString())
  if ('problem' in document)
    throw new PublishError('SnapshotInvalid', `s3:GetObject on ${uriOf(location)}`, `the object ${document.problem}; delete it or name another key`)
  return { document, etag: output.ETag }
}

// What S3 answers a conditional write whose condition failed, or that raced another.
const CONFLICTS = new Set(['PreconditionFailed', 'ConditionalRequestConflict'])

/** Writes the document if the object is still the one read (its ETag; none: still absent); false when it changed meanwhile. */
export async function writeSnapshotObject(send: Send, location: SnapshotLocation, document: SnapshotDocument, etag: string | undefined): Promise<boolean> {
  const condition = etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: etag }
  const input = { Bucket: location.bucket, Key: location.key, Body: `${JSON.stringify(document, null, 2)}\n`, ContentType: 'application/json', ...condition }
  try {
    await send('s3', 'PutObject', input, uriOf(location))
    return true
  } catch (error) {
    if (error instanceof PublishError && CONFLICTS.has(error.code)) return false
    throw error
  }
}
