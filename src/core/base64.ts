/**
 * Base64 as a binary secret's value is given (RFC 4648 standard alphabet, with padding),
 * checked strictly: Buffer.from(text, 'base64') takes anything, dropping what it cannot
 * read, so a mistyped value would become other bytes without a word. Line breaks, as the
 * `base64` tool wraps its output, are the one thing ignored. Problems never quote the text.
 */

const LINE_BREAKS = /\r?\n/g

/** What is wrong with `text` as base64, as a phrase (`is not …`); undefined when it is valid. */
export function base64Problem(text: string): string | undefined {
  const compact = text.replace(LINE_BREAKS, '')
  if (compact === '') return 'is empty'
  const stray = compact.search(/[^A-Za-z0-9+/=]/)
  if (stray !== -1) {
    const urlSafe = compact[stray] === '-' || compact[stray] === '_'
    return urlSafe
      ? 'is base64url (with - or _): give standard base64, with + and /'
      : `has a character that is not base64 at position ${stray + 1} (line breaks not counted)`
  }
  if (compact.length % 4 !== 0) return `has ${compact.length} characters, not a multiple of 4 (is its = padding missing?)`
  const padding = compact.length - compact.replace(/=+$/, '').length
  if (padding > 2 || compact.slice(0, compact.length - padding).includes('=')) return 'has = other than as padding at its end'
  // Bits set past the last byte would make two texts of one value: only the canonical one is taken.
  if (Buffer.from(compact, 'base64').toString('base64') !== compact) return 'is not canonical base64 (bits are set past its last byte)'
  return undefined
}

/** The text without its line breaks, as written and compared; call base64Problem() first. */
export const compactBase64 = (text: string): string => text.replace(LINE_BREAKS, '')
