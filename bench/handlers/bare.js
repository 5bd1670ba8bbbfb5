// The baseline: a Middy handler with no middleware.
import middy from '@middy/core'

export function createHandler({ body }) {
  return middy().handler(async (event, context) => body(context))
}
