export interface RepositoryLinks {
  repository: { type: 'git'; url: string }
  homepage: string
  bugs: { url: string }
}
export function linksFor(repository: string | undefined, server?: string): RepositoryLinks
export function withLinks<T extends Record<string, unknown>>(manifest: T, repository: string | undefined, server?: string): T & RepositoryLinks
