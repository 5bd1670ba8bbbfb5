interface InjectableRequest {
  context: object
  internal: object
}

/** Resolved values, laid out for the warm path: plain values to assign, secrets to define. */
export interface Injection {
  readonly plain: Readonly<Record<string, unknown>>
  readonly secrets: ReadonlyArray<readonly [string, PropertyDescriptor]>
}

/**
 * Prepares property descriptors for injection, once per snapshot. Object.assign of plain
 * values and one defineProperty per secret cost a fraction of Object.defineProperties with
 * a descriptor map, which matters on a path every warm invocation takes.
 */
export function injectionOf(descriptors: PropertyDescriptorMap): Injection {
  const plain: Record<string, unknown> = {}
  const secrets: Array<readonly [string, PropertyDescriptor]> = []
  for (const [key, descriptor] of Object.entries(descriptors)) {
    if (descriptor.enumerable) plain[key] = descriptor.value
    else secrets.push([key, Object.freeze({ value: descriptor.value, enumerable: false, configurable: true, writable: true })])
  }
  return { plain, secrets }
}

/**
 * Puts resolved values on the context under exactly their declared names, and on
 * `request.internal` for `@middy/util`'s getInternal. Secrets are non-enumerable in both,
 * so `JSON.stringify(context)`, `console.log(request)` and loggers never print them.
 */
export function inject(request: InjectableRequest, { plain, secrets }: Injection): void {
  Object.assign(request.context, plain)
  Object.assign(request.internal, plain)
  for (const [key, descriptor] of secrets) {
    Object.defineProperty(request.context, key, descriptor)
    Object.defineProperty(request.internal, key, descriptor)
  }
}
