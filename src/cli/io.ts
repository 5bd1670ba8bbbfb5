/**
 * What the CLI touches outside itself, passed in so that tests run it in-process: its
 * arguments, output streams, environment and stdin. The AWS SDK still reads credentials
 * and Region settings from the real process environment.
 */
export interface CliIo {
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  /** Read for --api-key-from-env and MIDDY_REGISTRY_STAGE. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Read for --api-key-stdin. */
  readonly stdin?: AsyncIterable<string | Uint8Array> & { readonly isTTY?: boolean }
  /** Asks for a secret without echoing it; absent when there is no terminal to ask at. */
  readonly askSecret?: (question: string) => Promise<string>
}

/** Everything on stdin, as text. */
export async function readAll(stdin: NonNullable<CliIo['stdin']>): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}
