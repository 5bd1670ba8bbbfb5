import type { Snapshot } from './resolve.js'

interface InjectableRequest {
  context: object
  internal: object
}

/**
 * Puts resolved values on the context under exactly their declared names, and on
 * `request.internal` for `@middy/util`'s getInternal. Secrets are non-enumerable, so
 * `JSON.stringify(context)`, `console.log(context)` and loggers never print them.
 */
export function inject(request: InjectableRequest, snapshot: Snapshot): void {
  Object.defineProperties(request.context, snapshot.descriptors)
  Object.defineProperties(request.internal, snapshot.descriptors)
}
