/**
 * The option tables the site generates from the code's doc comments (reference/options.md,
 * written by `npm run site`): every option is either required or has its default, from an
 * `@defaultValue` tag or the comment's own "default …".
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const page = join(fileURLToPath(new URL('.', import.meta.url)), '..', '.build', 'src', 'reference', 'options.md')

test('every optional option of every table states its default', () => {
  const missing = []
  let table = ''
  for (const line of readFileSync(page, 'utf8').split('\n')) {
    if (line.startsWith('### ')) table = line.slice(4).replaceAll('`', '')
    if (!line.startsWith('| `')) continue
    // Cells split on the pipes that are not escaped: | option | type | default | meaning |
    const [, option, , byDefault = ''] = line.split(/(?<!\\)\|/).map((cell) => cell.trim())
    if (byDefault === '—') missing.push(`${table}.${option.replaceAll('`', '')}`)
  }
  assert.deepEqual(missing, [])
})

test('the tables are there: the registry options, with prefetchWait and its default', () => {
  const text = readFileSync(page, 'utf8')
  assert.match(text, /^### `RegistryOptions`$/m)
  assert.match(text, /^\| `prefetchWait` \| `number` \| `8000` \(`DEFAULT_PREFETCH_WAIT`\) \|/m)
})
