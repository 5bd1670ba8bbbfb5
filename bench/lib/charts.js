/**
 * SVG bar charts of the benchmark's tables, drawn by the benchmark when it writes RESULTS.md
 * (into charts/, each image placed after the table it draws), so the pictures are those of
 * the tables beside them. The site build draws them again from RESULTS.md and refuses
 * charts that differ (`chartDrift`). Plain SVG, no library.
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
  const [expiry] = tablesOf(markdown, 'Across expiry')
  if (expiry?.header.includes('p99 (ms)')) {
    const waited = expiry.header.findIndex((h) => h.startsWith('invocations that waited'))
    const table = {
      header: ['library', 'invocations that waited', 'p99 (ms)'],
      rows: expiry.rows.map((row) => [row[0], row[waited], row[expiry.header.indexOf('p99 (ms)')]]),
    }
    charts.push({
      file: 'across-expiry-waits.svg',
      title: 'Across expiry: invocations that waited',
      after: expiry.end,
      svg: barChart({
        title: 'Across expiry: invocations that waited for a refresh (of 100)',
        unit: 'invocations',
        table,
        columns: ['invocations that waited'],
      }),
    })
    charts.push({
      file: 'across-expiry-p99.svg',
      title: 'Across expiry: p99 latency',
      after: expiry.end,
      svg: barChart({ title: 'Across expiry: p99 invocation latency (ms)', unit: 'ms', table, columns: ['p99 (ms)'] }),
    })
  }
  const [outage] = tablesOf(markdown, 'Registry outage')
  if (outage) {
    const failed = outage.header.findIndex((h) => h.startsWith('failed invocations'))
    if (failed >= 0) {
      const table = { header: ['library', 'failed'], rows: outage.rows.map((row) => [row[0], row[failed]]) }
      charts.push({
        file: 'outage-failures.svg',
        title: 'During an outage: failed invocations',
        after: outage.end,
        svg: barChart({ title: 'During a 5 s registry outage: failed invocations (of 100)', unit: 'invocations', table, columns: ['failed'] }),
      })
    }
  }
  const [perHour] = tablesOf(markdown, 'Requests per hour, warm')
  if (perHour) {
    const requests = perHour.header.findIndex((h) => h.startsWith('requests in the 2nd hour'))
    const first = perHour.header.findIndex((h) => h.startsWith('1st hour'))
    if (requests >= 0) {
      const columns = first >= 0 ? ['2nd hour', '1st hour (cold start included)'] : ['2nd hour']
      const table = {
        header: ['library', ...columns],
        rows: perHour.rows.map((row) => [
          row[0]
            .replace(/`/g, '')
            .replace(/ on the secrets$/, '')
            .replace(', the default', ''),
          row[requests],
          ...(first >= 0 ? [row[first]] : []),
        ]),
      }
      charts.push({
        file: 'requests-per-hour.svg',
        title: 'Requests per hour, warm',
        after: perHour.end,
        svg: barChart({ title: 'Requests per warm hour, 10 names + 5 secrets, 5 min expiry', unit: 'requests', table, columns }),
      })
    }
  }
  const fleet = fleetTable(markdown)
  if (fleet) {
    const failed = fleet.header.findIndex((h) => /fail/i.test(h))
    if (failed >= 0) {
      // One bar per library: its rows' failures added up (a scenario may have a row per library and case).
      const totals = new Map()
      for (const row of fleet.rows) {
        const library = row[0].replace(/[`*]/g, '')
        const value = number(row[failed])
        if (Number.isFinite(value)) totals.set(library, (totals.get(library) ?? 0) + value)
      }
      if (totals.size > 0)
        charts.push({
          file: 'fleet-failures.svg',
          title: 'Fleet: failures by library',
          after: fleet.end,
          svg: barChart({
            title: `Fleet: ${fleet.header[failed]} by library`,
            unit: 'failures',
            table: { header: ['library', 'failures'], rows: [...totals].map(([library, value]) => [library, String(value)]) },
            columns: ['failures'],
          }),
        })
    }
  }
  if (charts.length === 0) throw new Error('bench/RESULTS.md: no table the charts draw (Cold start, Warm overhead)')
  return charts
}

/**
 * The fleet scenario's table, when RESULTS.md has one: the first table of a section whose
 * heading starts with "Fleet" and whose first column names the library. None: no chart.
 */
function fleetTable(markdown) {
  for (const match of markdown.matchAll(/^## (Fleet[^\n]*)$/gm)) {
    const table = tablesOf(markdown, match[1]).find((candidate) => /librar/i.test(candidate.header[0]))
    if (table) return table
  }
  return undefined
}

/** RESULTS.md with each chart's image after its table. */
export function withCharts(markdown, charts, base = '/bench/charts/') {
  let out = markdown
  // From the end backwards; charts after the same table keep their order.
  const order = charts.map((chart, index) => ({ chart, index })).sort((a, b) => b.chart.after - a.chart.after || b.index - a.index)
  for (const { chart } of order) out = `${out.slice(0, chart.after)}\n![${chart.title}](${base}${chart.file})\n${out.slice(chart.after)}`
  return out
}

/** RESULTS.md as the benchmark assembled it, before `withCharts` placed the images. */
export function withoutCharts(markdown, base = './charts/') {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return markdown.replace(new RegExp(`\\n!\\[[^\\]\\n]*\\]\\(${escaped}[^)\\n]+\\.svg\\)\\n`, 'g'), '')
}

/**
 * What differs between the charts a RESULTS.md (with its images) draws and the SVG files
 * beside it, read by `read(file)` (undefined when missing): a list of problems, empty when none.
 */
export function chartDrift(results, read) {
  const charts = benchmarkCharts(withoutCharts(results))
  const problems = []
  for (const chart of charts) {
    const file = read(chart.file)
    if (file === undefined) problems.push(`${chart.file} is missing`)
    else if (file !== chart.svg) problems.push(`${chart.file} does not draw RESULTS.md's table`)
    if (!results.includes(`(./charts/${chart.file})`)) problems.push(`RESULTS.md does not show ${chart.file}`)
  }
  return { charts, problems }
}
