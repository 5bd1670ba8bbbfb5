import { describe, expect, it } from '@jest/globals'
import { withLinks } from '../../../scripts/repository-links.mjs'

const manifest = { name: 'middy-registry', version: '1.0.0' }

describe('the release gives package.json the links provenance checks', () => {
  it('adds repository, homepage and bugs from the repository the release runs in', () => {
    expect(withLinks(manifest, 'acme/middy-registry')).toEqual({
      ...manifest,
      repository: { type: 'git', url: 'git+https://github.com/acme/middy-registry.git' },
      homepage: 'https://github.com/acme/middy-registry#readme',
      bugs: { url: 'https://github.com/acme/middy-registry/issues' },
    })
  })

  it('keeps links that name the same repository, however written', () => {
    const written = { ...manifest, repository: 'https://github.com/Acme/middy-registry', homepage: 'https://middy-registry.dev' }
    expect(withLinks(written, 'acme/middy-registry')).toMatchObject({ repository: written.repository, homepage: 'https://middy-registry.dev' })
  })

  it('stops a release whose package.json names another repository', () => {
    expect(() => withLinks({ ...manifest, repository: { url: 'git+https://github.com/other/fork.git' } }, 'acme/middy-registry')).toThrow(
      "package.json's repository is git+https://github.com/other/fork.git, but this release runs in acme/middy-registry: provenance would be refused",
    )
  })

  it('refuses to run outside a GitHub repository', () => {
    expect(() => withLinks(manifest, undefined)).toThrow('GITHUB_REPOSITORY must be owner/name, got undefined')
  })
})
