/**
 * Keeping secrets out of text: every message and printed result of the write side and the
 * CLI is scrubbed of the secrets in play. A secret is replaced where it stands as a whole
 * token, never inside a longer word, so that scrubbing never garbles text that is not it.
 */

/**
 * The shortest API key the publisher and the CLI take. A short key shows up by chance in
 * text that is not it (a key `prod` is also a path's `/orders/prod/`), where masking it
 * garbles that text, and its mask, which shows the length, says much of it. Eight is the
 * usual floor for a secret (NIST SP 800-63B's for a password); issued keys have 20 or more.
 */
export const MIN_API_KEY_LENGTH = 8

const MASK = '****'
// What names and keys are written with: such a character glued to an occurrence makes it
// part of another token (`checkout` in `/checkout-v2/`), which is not the secret.
const WORD_CHARACTER = /[\p{L}\p{N}_-]/u

const isWordAt = (text: string, index: number) => WORD_CHARACTER.test(text.charAt(index))

/** `text` with each whole-token occurrence of `secret` masked. */
function maskWhole(text: string, secret: string): string {
  // Only an edge that is itself a word character can be glued to one beside it.
  const startsWord = isWordAt(secret, 0)
  const endsWord = isWordAt(secret, secret.length - 1)
  let scrubbed = ''
  let copied = 0
  for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
    if (at < copied) continue
    if ((startsWord && isWordAt(text, at - 1)) || (endsWord && isWordAt(text, at + secret.length))) continue
    scrubbed += `${text.slice(copied, at)}${MASK}`
    copied = at + secret.length
  }
  return scrubbed + text.slice(copied)
}

/** `text` with every occurrence of the secrets replaced, so that no message can carry one. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  // Longest first: a secret that holds another is masked whole, not around the shorter one.
  const ordered = secrets.filter((secret): secret is string => Boolean(secret)).sort((a, b) => b.length - a.length)
  return ordered.reduce(maskWhole, text)
}
