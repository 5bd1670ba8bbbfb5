/** Markdown formatting of the results: tables, figures, ratios and verdicts. */

export function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  const align = headers.map((_, index) => (index === 0 ? '---' : '---:'))
  return [line(headers), line(align), ...rows.map(line)].join('\n')
}

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a')

export const ms = (value) => fixed(value, value < 10 ? 2 : 1)
export const us = (nanoseconds) => fixed(nanoseconds / 1000, 2)
export const kb = (bytes) => fixed(bytes / 1024, 1)

/** Ours relative to the best anchor: `×0.20` is five times better (lower is better). */
export const ratio = (ours, best) => (best > 0 && Number.isFinite(ours) ? `×${fixed(ours / best, 2)}` : 'n/a')

/** A target line: met or missed, with the figure that decides it. */
export const verdictLine = ({ target, met, detail }) => `- ${met ? '✅ met' : '❌ **missed**'}: ${target}: ${detail}`
