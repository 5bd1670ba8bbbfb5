/**
 * The built site in headless Chromium (Debian's, through playwright-core): the home page,
 * a source page and the capacity planner load without a console error or a failed request,
 * and the planner computes the known case of planner/formulas.test.mjs. A screenshot of
 * each page is kept in site/.artifacts/ (git-ignored; CI uploads it).
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { launch } from '../lib/chromium.mjs'
import { serve } from './serve.mjs'

const dist = fileURLToPath(new URL('../.build/dist/', import.meta.url))
const artifacts = fileURLToPath(new URL('../.artifacts/', import.meta.url))
mkdirSync(artifacts, { recursive: true })
let server
let browser

before(async () => {
  server = await serve(dist, process.env.SITE_BASE ?? '/')
  browser = await launch()
})
after(async () => {
  await browser?.close()
  await server?.close()
})

/** Opens a page, collecting its console errors, uncaught exceptions and failed requests. */
async function open(path, name) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const problems = []
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`))
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`))
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`))
  page.on('response', (response) => response.status() >= 400 && problems.push(`HTTP ${response.status()}: ${response.url()}`))
  await page.goto(new URL(path, server.url).href, { waitUntil: 'networkidle' })
  return { page, problems, screenshot: () => page.screenshot({ path: `${artifacts}${name}.png`, fullPage: false }) }
}

test('the home page', async () => {
  const { page, problems, screenshot } = await open('', 'home')
  assert.match(await page.locator('.VPHero .name').textContent(), /middy-registry/)
  await screenshot()
  assert.deepEqual(problems, [])
})

test('a source page, with its generated option table and the search box', async () => {
  const { page, problems, screenshot } = await open('docs/dynamodb.html', 'source-dynamodb')
  assert.match(await page.locator('h1').first().textContent(), /DynamoDB/)
  assert.ok(await page.locator('h3:has-text("DynamoOptions") + p + table, h3:has-text("DynamoOptions") + table').count(), 'the generated DynamoOptions table')
  assert.ok(await page.locator('.VPNavBarSearch button').count(), 'the search button')
  await screenshot()
  assert.deepEqual(problems, [])
})

test('the capacity planner computes the known case in the browser', async () => {
  const { page, problems, screenshot } = await open('capacity-planner.html', 'capacity-planner')
  const rate = page.locator('#cold-start-failure-rate')
  // Its defaults are the known case: 500 environments, 20 names, 5 secrets, 300 s, 1,000 new in 10 s.
  for (const [id, value] of Object.entries({ environments: 500, parameters: 20, paths: 0, secrets: 5, 'cache-expiry': 300, 'scale-up': 1000, attempts: 3 }))
    await page.locator(`#${id}`).fill(String(value))
  assert.equal(await rate.textContent(), '76.8 %')
  assert.equal(await page.locator('tr[data-api="GetParameters"] td').nth(5).textContent(), '508.3 %')
  await screenshot()
  // Higher throughput and no secrets: nothing is throttled.
  await page.locator('#higher-throughput').check()
  await page.locator('#secrets').fill('0')
  assert.equal(await rate.textContent(), '0.0 %')
  assert.deepEqual(problems, [])
})

test('the performance page shows the benchmark charts beside its measurements', async () => {
  const { page, problems, screenshot } = await open('docs/performance.html', 'performance')
  const charts = page.locator('img[src$=".svg"], img[src^="data:image/svg+xml"]') // small SVGs are inlined by Vite
  // Cold start (2), warm overhead, requests per hour, across expiry (2), outage: 7 (8 with the fleet table).
  assert.ok((await charts.count()) >= 7, `${await charts.count()} charts`)
  for (const alt of ['Requests per hour, warm', 'Across expiry: invocations that waited', 'During an outage: failed invocations'])
    assert.equal(await page.locator(`img[alt="${alt}"]`).count(), 1, alt)
  await screenshot()
  assert.deepEqual(problems, [])
})
