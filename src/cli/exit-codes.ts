/**
 * Exit codes a deploy pipeline can act on. 64 and 65 are the BSD sysexits codes for a
 * usage error and bad input data, so they never collide with a shell's own codes.
 */
export const EXIT = {
  /** Done; for `diff`, nothing would change. */
  OK: 0,
  /** The registry could not be read or written (AWS error, network, file system). */
  FAILURE: 1,
  /** `diff` only: a publish would change something. */
  CHANGES: 2,
  /** The command line is wrong: unknown command or option, missing or conflicting options. */
  USAGE: 64,
  /** The command line is well formed but its values are not: e.g. an endpoint that is not https. */
  INVALID_INPUT: 65,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
