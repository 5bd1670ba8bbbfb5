/** Convention templates: names with `{service}` and `{stage}` placeholders. */

/** A template with a service's name and stage filled in. */
export const fillTemplate = (template: string, { service, stage }: { readonly service: string; readonly stage: string }): string =>
  template.replaceAll('{service}', service).replaceAll('{stage}', stage)

/** The first placeholder other than `{service}` and `{stage}`, if any (e.g. `env` for `{env}`). */
export function unknownPlaceholderOf(template: string): string | undefined {
  return [...template.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!).find((placeholder) => placeholder !== 'service' && placeholder !== 'stage')
}
