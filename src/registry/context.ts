interface InjectableRequest {
  context: object
  internal: object
}

/** Resolved values, laid out for the warm path: plain values to assign, secrets to hide. */
export interface Injection {
  readonly plain: Readonly<Record<string, unknown>>
  /** The secrets as non-enumerable properties of one object, or undefined when there are none. */
  readonly secrets: object | undefined
  /** The same secrets as descriptors, for an object whose prototype is already taken. */
  readonly secretDescriptors: PropertyDescriptorMap
  /** Every value for `request.internal`: plain values enumerable, secrets not. */
  readonly internal: object
  /** The secrets on an object without a prototype, for a `request.internal` created without one. */
  readonly internalSecrets: object
  /** The names and descriptors of the secrets, side by side, defined one by one where they must be own. */
  readonly secretNames: readonly string[]
  readonly secretValues: readonly PropertyDescriptor[]
}

/**
 * Prepares property descriptors for injection, once per snapshot: every warm invocation
 * reuses what this builds.
 */
export function injectionOf(descriptors: PropertyDescriptorMap): Injection {
  const plain: Record<string, unknown> = {}
  const secretDescriptors: PropertyDescriptorMap = {}
  for (const [key, descriptor] of Object.entries(descriptors)) {
    if (descriptor.enumerable) plain[key] = descriptor.value
    else secretDescriptors[key] = hidden(descriptor.value)
  }
  const hasSecrets = Object.keys(secretDescriptors).length > 0
  const secrets = hasSecrets ? hiddenHolder(secretDescriptors) : undefined
  return {
    plain,
    secrets,
    secretDescriptors,
    internal: Object.assign(hiddenHolder(secretDescriptors), plain),
    internalSecrets: Object.create(null, secretDescriptors) as object,
    secretNames: Object.keys(secretDescriptors),
    secretValues: Object.values(secretDescriptors),
  }
}

/**
 * An object to serve as a prototype, holding the secrets non-enumerable. Its own
 * `constructor` keeps the object it serves an ordinary `Object` to `util.inspect`, which
 * would otherwise list a nameless prototype's properties under `showHidden`. Not frozen:
 * a handler may still assign `context.apiKey`, which then shadows the secret.
 */
export const hiddenHolder = (secretDescriptors: PropertyDescriptorMap, prototype: object = Object.prototype): object =>
  Object.create(prototype, { constructor: { value: Object, writable: true, configurable: true }, ...secretDescriptors })

// Known by its own `constructor`, not by a WeakSet: registering an object that serves as a
// prototype changes its hidden class, and every context switched to it then retains memory.
const isHolder = (value: object) =>
  value !== Object.prototype && Object.hasOwn(value, 'constructor') && (value as { constructor: unknown }).constructor === Object

const hidden = (value: unknown): PropertyDescriptor => ({ value, enumerable: false, configurable: true, writable: true })

/**
 * An object of plain values (own, enumerable) that inherits its secrets, as the context
 * does: what `refresh()` resolves to, and a service's object on the context.
 */
export function objectWithSecrets(plain: Readonly<Record<string, unknown>>, secretDescriptors: PropertyDescriptorMap): object {
  const hasSecrets = Object.keys(secretDescriptors).length > 0
  return Object.assign(hasSecrets ? Object.create(hiddenHolder(secretDescriptors)) : {}, plain)
}

/**
 * Puts one value on an object that already holds others, as injection would: a plain
 * value as an own property, a secret on a new holder in front of its prototype (or, where
 * the prototype is someone else's, as a non-enumerable property).
 */
export function setValue(target: object, key: string, value: unknown, secret: boolean): void {
  if (!secret) {
    Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true })
    return
  }
  const prototype = Object.getPrototypeOf(target)
  if (prototype !== Object.prototype && !isHolder(prototype)) {
    Object.defineProperty(target, key, hidden(value))
    return
  }
  if (Object.hasOwn(target, key)) delete (target as Record<string, unknown>)[key]
  Object.setPrototypeOf(target, hiddenHolder({ [key]: hidden(value) }, prototype))
}

/**
 * Defines the secrets one by one as non-enumerable own properties: a third of what
 * `Object.defineProperties` costs, which reads every descriptor anew.
 */
function defineSecrets(target: object, { secretNames, secretValues }: Injection): void {
  for (let index = 0; index < secretNames.length; index++) Object.defineProperty(target, secretNames[index]!, secretValues[index]!)
}

/**
 * Hides secrets on one object. Making the secrets object its prototype costs one
 * prototype switch, a quarter of what defining each secret as a property costs, and
 * keeps them out of its own keys: JSON.stringify, spreading, Object.keys and even
 * util.inspect with showHidden never see them, while `context.apiKey` reads them. The
 * prototype is the snapshot's, so every context of a warm process takes the same
 * (cached) transition and keeps one hidden class. An object whose prototype is already
 * taken (another registry's secrets, or a caller's class) gets non-enumerable
 * properties instead.
 */
function hideSecrets(target: object, injection: Injection): void {
  if (injection.secrets === undefined) return
  if (Object.getPrototypeOf(target) === Object.prototype) Object.setPrototypeOf(target, injection.secrets)
  else defineSecrets(target, injection)
}

/**
 * Whether `request.internal` is what @middy/core 7.3 and later create for each invocation
 * and nobody has written to yet: an empty object without a prototype. V8 keeps such an
 * object as a hash table, where adding ten values, or switching its prototype, costs more
 * than all the rest of a warm invocation.
 */
const isUntouchedBareInternal = (internal: object) => Object.getPrototypeOf(internal) === null && Reflect.ownKeys(internal).length === 0

/**
 * `request.internal` inherits every value from one object, so `getInternal('key')` and
 * `getInternal({ name: 'key' })` read them for one prototype switch per invocation.
 * @middy/core 7.3 and later create it without a prototype: there it gets the plain values
 * as own properties, so `getInternal(true)` lists the plain ones (docs/testing.md). While
 * nobody has written to it, it is replaced by a copy of the plain values (one allocation)
 * that inherits the secrets from an object without a prototype, so nothing else is
 * inherited; one somebody has written to keeps its identity and gets the plain values and
 * the secrets (non-enumerable) as own properties.
 */
function shareWithInternal(request: InjectableRequest, injection: Injection): void {
  const { internal } = request
  if (Object.getPrototypeOf(internal) === Object.prototype) {
    Object.setPrototypeOf(internal, injection.internal)
    return
  }
  if (isUntouchedBareInternal(internal)) {
    request.internal = Object.setPrototypeOf({ ...injection.plain }, injection.internalSecrets)
    return
  }
  Object.assign(internal, injection.plain)
  defineSecrets(internal, injection)
}

/**
 * Puts resolved values on the context under exactly their declared names, and where
 * `@middy/util`'s getInternal finds them. Secrets are hidden in both, so
 * `JSON.stringify(context)`, `console.log(request)` and loggers never print them.
 */
export function inject(request: InjectableRequest, injection: Injection): void {
  Object.assign(request.context, injection.plain)
  hideSecrets(request.context, injection)
  shareWithInternal(request, injection)
}
