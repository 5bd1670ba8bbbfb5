/**
 * Mermaid diagrams rendered to SVG at build time: each ```mermaid block of a page becomes an
 * image (diagrams/<page>-<n>.svg), with its source kept below it in a collapsed block. Mermaid
 * runs in headless Chromium (Debian's). Renders are cached by the source's hash, so a warm
 * build starts no browser unless a diagram changed.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { launch } from './chromium.mjs'

const BLOCK = /^```mermaid\n([\s\S]*?)^```\s*$/gm

export async function renderDiagrams(texts, { write, cache, mermaid }) {
  const wanted = []
  for (const [path, text] of texts)
    for (const [index, match] of [...text.matchAll(BLOCK)].entries()) {
      const source = match[1]
      const hash = createHash('sha256').update(source).digest('hex').slice(0, 16)
      wanted.push({ path, index, source, hash, file: `${path.replace(/\.md$/, '').replace(/\//g, '-')}-${index + 1}.svg` })
    }
  mkdirSync(cache, { recursive: true })
  const missing = wanted.filter((diagram) => !existsSync(join(cache, `${diagram.hash}.svg`)))
  if (missing.length > 0) {
    const browser = await launch()
    try {
      const page = await browser.newPage()
      const errors = []
      page.on('pageerror', (error) => errors.push(error.message))
      await page.setContent('<!doctype html><html><body></body></html>')
      await page.addScriptTag({ path: mermaid })
      await page.evaluate(() =>
        window.mermaid.initialize({ startOnLoad: false, theme: 'default', flowchart: { htmlLabels: false }, gantt: { useWidth: 1000 } }),
      )
      for (const diagram of missing) {
        const svg = await page
          .evaluate(async ({ id, source }) => (await window.mermaid.render(id, source)).svg, { id: `d${diagram.hash}`, source: diagram.source })
          .catch((error) => {
            throw new Error(`${diagram.path}: Mermaid diagram ${diagram.index + 1} does not render: ${error.message.split('\n')[0]}`)
          })
        writeFileSync(join(cache, `${diagram.hash}.svg`), svg)
      }
      if (errors.length) throw new Error(`Mermaid: ${errors.join('; ')}`)
    } finally {
      await browser.close()
    }
  }
  for (const [path, text] of texts) {
    const depth = path.split('/').length - 1
    const prefix = depth === 0 ? './' : '../'.repeat(depth)
    let index = 0
    texts.set(
      path,
      text.replace(BLOCK, (_, source) => {
        const diagram = wanted.find((each) => each.path === path && each.index === index++)
        write(`diagrams/${diagram.file}`, readFileSync(join(cache, `${diagram.hash}.svg`)))
        return `![Diagram](${prefix}diagrams/${diagram.file})\n\n<details><summary>Mermaid source</summary>\n\n\`\`\`text\n${source}\`\`\`\n\n</details>\n`
      }),
    )
  }
  return wanted.length
}
