/**
 * SVG bar charts of the benchmark's tables (bench/RESULTS.md), drawn at site build time, so
 * the pictures are always those of the tables beside them. Plain SVG, no library.
 */

/** The Markdown tables of a section (`## Heading`) of a page, each as { header, rows }. */
export function tablesOf(markdown, heading) {
  const start = markdown.indexOf(`\n## ${heading}\n`)
  if (start < 0) return []
  const end = markdown.indexOf('\n## ', start + 4)
  const section = markdown.slice(start, end < 0 ? undefined : end)
  const tables = []
  for (const block of section.matchAll(/^(\|[^\n]*\|)\n\|[-| :]+\|\n((?:\|[^\n]*\|\n?)+)/gm)) {
    const split = (line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cellText) => cellText.trim())
    tables.push({
      header: split(block[1]),
      rows: block[2].trim().split('\n').map(split),
      index: start + block.index,
      end: start + block.index + block[0].length,
    })
  }
  return tables
}

const number = (value) => Number.parseFloat(String(value).replace(/[*×,]/g, ''))
const escapeXml = (value) => String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const COLORS = ['#3b82f6', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#64748b']

/**
 * A grouped horizontal bar chart: one group per row (its first cell), one bar per series
 * (the named columns).
 */
export function barChart({ title, unit, table, columns, labels = columns }) {
  const indexes = columns.map((column) => {
    const index = table.header.indexOf(column)
    if (index < 0) throw new Error(`chart ${title}: no column ${column} in ${table.header.join(' | ')}`)
    return index
  })
  const groups = table.rows.map((row) => ({ label: row[0], values: indexes.map((index) => number(row[index])) }))
  const max = Math.max(...groups.flatMap((group) => group.values.filter(Number.isFinite)), 1)
  const bar = 12
  const gap = 10
  const left = 230
  const width = 760
  const plot = width - left - 80
  const legend = 22 * Math.ceil(labels.length / 2)
  const top = 40 + legend
  const groupHeight = indexes.length * bar + gap
  const height = top + groups.length * groupHeight + 20
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="600" fill="#111827">${escapeXml(title)}</text>`,
  ]
  labels.forEach((label, index) => {
    const x = 10 + (index % 2) * 370
    const y = 36 + Math.floor(index / 2) * 22
    out.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${COLORS[index % COLORS.length]}"/>`)
    out.push(`<text x="${x + 18}" y="${y + 10}" fill="#374151">${escapeXml(label)}</text>`)
  })
  groups.forEach((group, row) => {
    const y = top + row * groupHeight
    out.push(`<text x="${left - 8}" y="${y + (indexes.length * bar) / 2 + 4}" text-anchor="end" fill="#111827">${escapeXml(group.label)}</text>`)
    group.values.forEach((value, series) => {
      if (!Number.isFinite(value)) return
      const length = Math.max(1, (value / max) * plot)
      const barY = y + series * bar
      out.push(
        `<rect x="${left}" y="${barY}" width="${length.toFixed(1)}" height="${bar - 2}" fill="${COLORS[series % COLORS.length]}"><title>${escapeXml(`${labels[series]}: ${value} ${unit}`)}</title></rect>`,
      )
      out.push(`<text x="${(left + length + 4).toFixed(1)}" y="${barY + bar - 3}" fill="#374151" font-size="10">${escapeXml(`${value}`)}</text>`)
    })
  })
  out.push(`<text x="${width - 10}" y="${height - 6}" text-anchor="end" fill="#6b7280" font-size="10">${escapeXml(unit)}</text>`, '</svg>')
  return `${out.join('\n')}\n`
}

const LIBRARIES = ['middy-registry', '@middy/ssm + @middy/secrets-manager', '@aws-lambda-powertools/parameters']

/**
 * The charts of RESULTS.md: { file, title, after } for each, `after` being the index in the
 * page after which its image goes (the end of the table it draws).
 */
export function benchmarkCharts(markdown) {
  const charts = []
  const cold = tablesOf(markdown, 'Cold start')
  const requests = cold.find((table) => table.header.includes('middy-registry') && table.header.some((h) => h.startsWith('target')))
  if (requests)
    charts.push({
      file: 'cold-start-requests.svg',
      title: 'Cold start: requests per environment',
      after: requests.end,
      svg: barChart({ title: 'Cold start: requests per environment (N names + M secrets)', unit: 'requests', table: requests, columns: LIBRARIES }),
    })
  const whole = cold.find(
    (table) => table.header.includes('middy-registry (ms)') && markdown.slice(table.index - 200, table.index).includes('Init + first invocation'),
  )
  if (whole)
    charts.push({
      file: 'cold-start-time.svg',
      title: 'Cold start: init + first invocation',
      after: whole.end,
      svg: barChart({
        title: 'Cold start: init + first invocation (median ms)',
        unit: 'ms',
        table: whole,
        columns: LIBRARIES.map((name) => `${name} (ms)`),
        labels: LIBRARIES,
      }),
    })
  const [warm] = tablesOf(markdown, 'Warm overhead')
  if (warm) {
    const table = { header: ['library', 'overhead (µs)'], rows: warm.rows.map((row) => [row[0], row[warm.header.indexOf('overhead (µs)')]]) }
    charts.push({
      file: 'warm-overhead.svg',
      title: 'Warm overhead per invocation',
      after: warm.end,
      svg: barChart({ title: 'Warm overhead per invocation (median µs)', unit: 'µs', table, columns: ['overhead (µs)'] }),
    })
  }
  if (charts.length === 0) throw new Error('bench/RESULTS.md: no table the charts draw (Cold start, Warm overhead)')
  return charts
}

/** RESULTS.md with each chart's image after its table. */
export function withCharts(markdown, charts, base = '/bench/charts/') {
  let out = markdown
  for (const chart of [...charts].sort((a, b) => b.after - a.after))
    out = `${out.slice(0, chart.after)}\n![${chart.title}](${base}${chart.file})\n${out.slice(chart.after)}`
  return out
}
