import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitepress'

/**
 * The documentation site. Its pages are assembled into .build/src by build.mjs (docs/*.md
 * and the README in place of their repository paths, so that their relative links hold,
 * plus the generated pages); this file only lays them out.
 */
const base = process.env.SITE_BASE ?? '/'

const page = (text, link) => ({ text, link })

/**
 * Heading anchors as GitHub makes them (github-slugger's rule), so that the pages' links to
 * `#sections` work on GitHub and on the site alike.
 */
const slugify = (text) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-')
const src = join(dirname(fileURLToPath(import.meta.url)), '..', '.build', 'src')
const exists = (item) => item.target === '_self' || existsSync(join(src, `${item.link}.md`))

/** The sidebar without pages the repository does not have (yet), and with any docs/ page it does not name. */
function sidebar(groups) {
  const named = new Set(groups.flatMap((group) => group.items.map((item) => item.link)))
  const others = readdirSync(join(src, 'docs'))
    .filter((name) => name.endsWith('.md') && !named.has(`/docs/${name.slice(0, -3)}`))
    .map((name) =>
      page(
        name
          .slice(0, -3)
          .replace(/-/g, ' ')
          .replace(/^./, (first) => first.toUpperCase()),
        `/docs/${name.slice(0, -3)}`,
      ),
    )
  return [...groups.map((group) => ({ ...group, items: group.items.filter(exists) })), ...(others.length ? [{ text: 'More', items: others }] : [])]
}

export default defineConfig({
  title: 'middy-registry',
  description: 'Service discovery for AWS Lambda as one Middy middleware.',
  base,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: `${base}favicon.svg` }]],
  srcDir: '.build/src',
  outDir: '.build/dist',
  cacheDir: '.build/cache',
  cleanUrls: false,
  lastUpdated: false,
  // Internal links are checked by VitePress (a dead one fails the build) and again, with
  // their anchors, by scripts/check-links.mjs over the built HTML.
  ignoreDeadLinks: false,
  markdown: { theme: { light: 'github-light', dark: 'github-dark' }, anchor: { slugify } },
  themeConfig: {
    search: { provider: 'local' },
    nav: [
      page('Guide', '/docs/getting-started'),
      page('Sources', '/sources/ssm'),
      page('Capacity planner', '/capacity-planner'),
      page('Benchmark', '/bench/RESULTS'),
      { text: 'API', link: '/api/index.html', target: '_self' },
    ],
    sidebar: sidebar([
      {
        text: 'Introduction',
        items: [
          page('Overview (README)', '/README'),
          page('Getting started', '/docs/getting-started'),
          page('Concepts', '/docs/concepts'),
          page('Every reference kind', '/docs/reference-kinds'),
        ],
      },
      {
        text: 'Sources',
        items: [
          page('SSM Parameter Store', '/sources/ssm'),
          page('Secrets Manager', '/sources/secrets-manager'),
          page('DynamoDB', '/docs/dynamodb'),
          page('Cloud Map', '/docs/cloud-map'),
          page('AppConfig', '/docs/appconfig'),
          page('S3', '/docs/s3'),
          page('Database tokens', '/docs/database-tokens'),
          page('Custom sources', '/docs/custom-sources'),
        ],
      },
      {
        text: 'Using it',
        items: [
          page('Caching and freshness', '/docs/caching'),
          page('Errors', '/docs/errors'),
          page('Cross-account', '/docs/cross-account'),
          page('Discovery', '/docs/discovery'),
          page('Registry as code', '/docs/registry-as-code'),
          page('Local registry', '/docs/local-registry'),
          page('Testing', '/docs/testing'),
          page('Troubleshooting', '/docs/troubleshooting'),
        ],
      },
      {
        text: 'Operating it',
        items: [
          page('Performance', '/docs/performance'),
          page('Benchmark results', '/bench/RESULTS'),
          page('Reliability', '/docs/reliability'),
          page('Scale', '/docs/scale'),
          page('Capacity planner', '/capacity-planner'),
        ],
      },
      {
        text: 'Migrating',
        items: [page('From Middy’s ssm / secrets-manager', '/docs/migrate-from-middy'), page('From Powertools Parameters', '/docs/migrate-from-powertools')],
      },
      {
        text: 'Reference',
        items: [
          page('Options', '/docs/options'),
          page('Option tables (generated)', '/reference/options'),
          page('CLI (generated)', '/reference/cli'),
          page('Architecture', '/docs/architecture'),
          { text: 'API (TypeDoc)', link: '/api/index.html', target: '_self' },
        ],
      },
    ]),
    outline: { level: [2, 3] },
  },
})
