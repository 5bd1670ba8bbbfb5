/**
 * The benchmark's charts (bench/charts/*.svg) are drawn by `npm run bench` from the tables it
 * writes to bench/RESULTS.md; these specs check that the committed pictures are those of the
 * committed tables, as the site build does before it publishes them.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chartDrift, withoutCharts } from '../../bench/lib/charts.js'

const bench = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'bench')
const results = readFileSync(join(bench, 'RESULTS.md'), 'utf8')
const committed = (file) => (existsSync(join(bench, 'charts', file)) ? readFileSync(join(bench, 'charts', file), 'utf8') : undefined)

test('every committed chart draws the table beside it in RESULTS.md, which shows it', () => {
  const { charts, problems } = chartDrift(results, committed)
  assert.deepEqual(problems, [])
  assert.ok(charts.some((chart) => chart.file === 'fleet-failures.svg'))
})

test('a table changed without drawing its chart again is caught', () => {
  // The fleet table's first failure count, changed by one.
  const edited = results.replace(/(\| middy-registry \| \*\*)(\d+)(\*\* \|)/, (_whole, before, count, after) => `${before}${Number(count) + 1}${after}`)
  assert.notEqual(edited, results)
  const { problems } = chartDrift(edited, committed)
  assert.ok(
    problems.some((problem) => problem.includes('does not draw')),
    problems.join('; '),
  )
})

test('a chart missing from charts/ or from RESULTS.md is caught', () => {
  assert.ok(chartDrift(results, () => undefined).problems.some((problem) => problem.endsWith('is missing')))
  assert.ok(chartDrift(withoutCharts(results), committed).problems.some((problem) => problem.startsWith('RESULTS.md does not show')))
})
