/**
 * The site's Markdown pages, copied from the repository at build time (never edited by hand
 * in site/): README.md, docs/*.md and bench/RESULTS.md keep their repository paths in the
 * site, so the relative links between them hold as they are. A link to any other file of the
 * repository (examples/, src/, …) points at the repository on GitHub when its address is
 * known (SITE_REPOSITORY_URL, or GITHUB_SERVER_URL + GITHUB_REPOSITORY in Actions) and
 * becomes plain text when not, so the site never links to a page it does not have.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'

export function repositoryUrl(env = process.env) {
  if (env.SITE_REPOSITORY_URL) return env.SITE_REPOSITORY_URL.replace(/\/$/, '')
  if (env.GITHUB_REPOSITORY) return `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`
  return undefined
}

/** The repository's pages that the site publishes, by repository path. */
export function sitePages(repo) {
  const docs = readdirSync(join(repo, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`)
  return ['README.md', ...docs, 'bench/RESULTS.md'].filter((path) => existsSync(join(repo, path)))
}

/** Applies `change` to the text of a page outside its fenced code blocks. */
export function outsideFences(text, change) {
  const parts = text.split(/(^\s*```[\s\S]*?^\s*```\s*$)/m)
  return parts.map((part, index) => (index % 2 === 1 ? part : change(part))).join('')
}

const LINK = /\[([^\]]*)\]\(([^)\s]+)((?:\s+"[^"]*")?)\)/g

/**
 * Rewrites the links of the page at repository path `from` whose targets are repository files
 * the site does not publish. `published` is the set of repository paths the site has.
 */
export function rewriteLinks(text, from, { repo, published, repositoryUrl: url, ref = 'main' }) {
  return outsideFences(text, (part) =>
    part.replace(LINK, (whole, label, target, title) => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('/')) return whole
      const [path, hash] = target.split('#')
      const resolved = posix.normalize(posix.join(posix.dirname(from), decodeURIComponent(path))).replace(/\/$/, '')
      if (published.has(resolved)) return whole
      if (resolved.startsWith('..')) throw new Error(`${from}: link ${target} leaves the repository`)
      if (!existsSync(join(repo, resolved))) throw new Error(`${from}: link ${target}: ${resolved} does not exist`)
      if (!url) return label
      const kind = statSync(join(repo, resolved)).isDirectory() ? 'tree' : 'blob'
      return `[${label}](${url}/${kind}/${ref}/${resolved}${hash ? `#${hash}` : ''}${title})`
    }),
  )
}
