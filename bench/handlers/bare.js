// The baseline: a Middy handler with no middleware.
import middy from '@middy/core'

export function createHandler({ body }) {
  return middy().handler(async (_event, context) => body(context))
}
