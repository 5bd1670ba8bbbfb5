/**
 * Checks report problems as data: what is wrong, and where. Each layer formats the message
 * once from that: a declaration as `ssm(): parameter name … has …`, a registry file as
 * `stages.prod.tags.team …`. No layer takes another's message apart.
 */

/** What is wrong (`problem`, a phrase without the caller), and where in the input (`path`). */
export interface Problem {
  readonly path: readonly (string | number)[]
  readonly problem: string
}

/** A declaration's TypeError that carries its problem, for a layer that wraps the check. */
export class InputError extends TypeError {
  constructor(
    readonly caller: string,
    readonly problem: string,
  ) {
    super(caller ? `${caller}: ${problem}` : problem)
  }
}

/** The problem an error reports: an InputError's own phrase, any other error's message. */
export const problemOf = (error: unknown): string => (error instanceof InputError ? error.problem : error instanceof Error ? error.message : String(error))

/** Input the write side cannot accept (a bad endpoint, tag, name, registry file…); the CLI exits 65 on it. */
export class PublishInputError extends TypeError {
  override readonly name = 'PublishInputError'
}
