#!/usr/bin/env node
/**
 * Gives package.json the links npm shows and provenance checks (`repository`, `homepage`,
 * `bugs`) from the GitHub repository a release runs in (GITHUB_REPOSITORY, `owner/name`).
 * `npm publish --provenance` refuses a package whose `repository` is missing or names
 * another repository, so the release workflow runs this before publishing: links that are
 * absent are added, links that name another repository stop the release.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The three links for a repository on a GitHub server. */
export function linksFor(repository, server = 'https://github.com') {
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository ?? '')) throw new Error(`GITHUB_REPOSITORY must be owner/name, got ${JSON.stringify(repository)}`)
  const page = `${server}/${repository}`
  return { repository: { type: 'git', url: `git+${page}.git` }, homepage: `${page}#readme`, bugs: { url: `${page}/issues` } }
}

const normalized = (url) =>
  String(url ?? '')
    .replace(/^git\+/, '')
    .replace(/\.git$/, '')
    .toLowerCase()

/** package.json with the links added; throws when a link it has names another repository. */
export function withLinks(manifest, repository, server) {
  const links = linksFor(repository, server)
  const existing = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url
  if (existing !== undefined && normalized(existing) !== normalized(links.repository.url)) {
    throw new Error(`package.json's repository is ${existing}, but this release runs in ${repository}: provenance would be refused`)
  }
  return { ...manifest, repository: manifest.repository ?? links.repository, homepage: manifest.homepage ?? links.homepage, bugs: manifest.bugs ?? links.bugs }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = new URL('../package.json', import.meta.url)
  const manifest = JSON.parse(readFileSync(file, 'utf8'))
  const updated = withLinks(manifest, process.env.GITHUB_REPOSITORY, process.env.GITHUB_SERVER_URL)
  writeFileSync(file, `${JSON.stringify(updated, null, 2)}\n`)
  console.log(`package.json: repository ${updated.repository.url ?? updated.repository}, homepage ${updated.homepage}`)
}
