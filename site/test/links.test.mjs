/**
 * No broken link on the built site: every href and src of every HTML page (the TypeDoc
 * reference included) that stays on the site names a file the build wrote, and every
 * #anchor an element id (or name) on its page. Links off the site are not followed.
 */
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const dist = fileURLToPath(new URL('../.build/dist/', import.meta.url))
const base = process.env.SITE_BASE ?? '/'

const files = (directory) =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(directory, entry.name)) : [join(directory, entry.name)]))

const idsOf = new Map()
function ids(file) {
  if (!idsOf.has(file)) idsOf.set(file, new Set([...readFileSync(file, 'utf8').matchAll(/\s(?:id|name)="([^"]+)"/g)].map((match) => match[1])))
  return idsOf.get(file)
}

/** The file a link resolves to, as a static host serves it (VitePress's `page`, `page.html`, `dir/`). */
function target(from, path) {
  let file = path.startsWith('/') ? (path.startsWith(base) ? join(dist, path.slice(base.length)) : undefined) : join(dirname(from), path)
  if (file === undefined) return undefined
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
  if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`
  return existsSync(file) ? file : undefined
}

test('every link and anchor of the built site resolves', () => {
  assert.ok(existsSync(join(dist, 'index.html')), 'the site is built (npm run site)')
  const pages = files(dist).filter((file) => file.endsWith('.html'))
  const broken = []
  let checked = 0
  for (const page of pages) {
    const html = readFileSync(page, 'utf8')
    for (const [, attribute, raw] of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const link = raw.replace(/&amp;/g, '&')
      if (link === '' || link === '#' || /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(link)) continue
      checked++
      const [path, hash] = link.split('#')
      const file = path === '' ? page : target(page, decodeURIComponent(path.split('?')[0]))
      const where = `${relative(dist, page)}: ${attribute}="${link}"`
      if (!file) broken.push(`${where}: no such file`)
      else if (hash && file.endsWith('.html') && !ids(file).has(decodeURIComponent(hash))) broken.push(`${where}: no #${hash} on ${relative(dist, file)}`)
    }
  }
  console.log(`links: ${checked} links on ${pages.length} pages checked`)
  assert.deepEqual(broken, [], `${broken.length} broken links:\n${broken.slice(0, 50).join('\n')}`)
})
