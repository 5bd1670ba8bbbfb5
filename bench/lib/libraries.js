/** The libraries side by side: ours and the anchors users would pick instead. */

export const OURS = { id: 'registry', label: 'middy-registry' }

/** Ours as documented for cold starts: `await middleware.ready()` at the module's top level. */
export const OURS_READY = { id: 'registry-ready', label: 'middy-registry + await ready()' }

export const ANCHORS = [
  { id: 'middy', label: '@middy/ssm + @middy/secrets-manager' },
  { id: 'powertools', label: '@aws-lambda-powertools/parameters' },
]

export const LIBRARIES = [OURS, ...ANCHORS]

/** The lowest (best) anchor figure, for ratios. */
export const bestAnchor = (figureOf) => Math.min(...ANCHORS.map((anchor) => figureOf(anchor.id)))
