/**
 * Binds a registry's per-invocation references for one invocation: each id function is
 * called with the request, and what it returns is checked by the source's own check and
 * bound as a fixed id is (same routing and cache key, so one tenant's id read by two
 * registries is one cache entry). Bindings are kept per id, so a warm invocation only calls
 * the function and looks its result up.
 */
import { LruMap } from '../cache/lru.js'
import { type FetchFailed, failed } from '../core/outcome.js'
import { ID_FUNCTION_FAILED, INVALID_ID, type InvocationRequest, type Located, type PerInvocationId } from '../core/per-invocation.js'
import { problemOf } from '../core/problem.js'
import { withId } from '../core/reference.js'
import { failureOf } from './assemble.js'
import { type Binding, type BindSettings, bindDeclaration, labelOf } from './binding.js'
import { RegistryError, type RegistryFailure } from './errors.js'
import type { Observer } from './events.js'

/** A key whose id this invocation could not compute, and why. */
export interface IdFailure {
  /** The key's binding as declared (its id is only a label). */
  readonly binding: Binding
  readonly failure: FetchFailed
  /** What the id function threw, when it threw. */
  readonly thrown?: unknown
}

/** One invocation's keys, bound. */
export interface InvocationBindings {
  /** Every key that has an id, in declaration order: fixed ones, and per-invocation ones with this invocation's id. */
  readonly bindings: readonly Binding[]
  /** The per-invocation ones among them. */
  readonly computed: readonly Binding[]
  readonly failures: readonly IdFailure[]
  /** This invocation's ids as one string: invocations with the same ids may share a snapshot. */
  readonly variant: string
}

interface Slot {
  readonly binding: Binding
  readonly perInvocation?: PerInvocationId
  /** The bindings of the ids computed so far, the least recently used forgotten first. */
  readonly byId?: LruMap<string, Binding>
}

// What a thrown value is, never what it says: its message may quote the event.
const describeThrown = (thrown: unknown) =>
  thrown instanceof Error || (typeof thrown === 'object' && thrown !== null && typeof (thrown as Error).name === 'string')
    ? `a ${(thrown as Error).name}`
    : `a ${thrown === null ? 'null' : typeof thrown} value`

export class PerInvocationBinder {
  private readonly slots: readonly Slot[]
  private readonly rank: ReadonlyMap<string, number>

  constructor(
    bindings: readonly Binding[],
    private readonly settings: BindSettings,
    /** How many ids to keep bound per key. */
    limit: number,
  ) {
    this.slots = bindings.map((binding) => {
      const { perInvocation } = binding.reference
      return perInvocation ? { binding, perInvocation, byId: new LruMap<string, Binding>(limit) } : { binding }
    })
    this.rank = new Map(bindings.map((binding, index) => [labelOf(binding), index]))
  }

  /** The keys' bindings for one request (of `only` those, if given): fixed ones as they are, the others with the id computed from it. */
  bindFor(request: InvocationRequest, only?: ReadonlySet<Binding>): InvocationBindings {
    const bindings: Binding[] = []
    const computed: Binding[] = []
    const failures: IdFailure[] = []
    let variant = ''
    for (const slot of this.slots) {
      if (only && !only.has(slot.binding)) continue
      if (!slot.perInvocation) {
        bindings.push(slot.binding)
        continue
      }
      const bound = this.boundFor(slot, request)
      if ('failure' in bound) {
        failures.push(bound)
        continue
      }
      bindings.push(bound)
      computed.push(bound)
      // Length-prefixed: an id may hold any separator (an S3 key may even hold a newline).
      variant = computed.length === 1 ? bound.id : `${variant}${bound.id.length}:${bound.id}`
    }
    return { bindings, computed, failures, variant }
  }

  private boundFor(slot: Slot, request: InvocationRequest): Binding | IdFailure {
    const { binding, perInvocation, byId } = slot as Required<Slot>
    let value: unknown
    try {
      value = perInvocation.compute(request)
    } catch (thrown) {
      return { binding, failure: failed(ID_FUNCTION_FAILED, `the id function threw ${describeThrown(thrown)}`), thrown }
    }
    // A string is looked up as it came, before any check: a known id costs one lookup.
    const known = typeof value === 'string' ? byId.get(value) : undefined
    if (known) return known
    let located: Located
    try {
      located = perInvocation.locate(value)
    } catch (error) {
      return { binding, failure: failed(INVALID_ID, `the id computed for this invocation is refused: ${problemOf(error)}`) }
    }
    // A DynamoDB key is an object: kept by the id it makes.
    const memoKey = typeof value === 'string' ? value : located.id + located.selector
    let bound = byId.get(memoKey)
    if (!bound) {
      const { key, field, service, reference } = binding
      bound = bindDeclaration({ key, field, service, reference: withId(reference, located) }, this.settings)
      byId.set(memoKey, bound)
    }
    return bound
  }

  /**
   * Settles an invocation whose ids could not all be computed: the keys that have one are
   * still resolved (fetched and cached), then one RegistryError names every key that failed,
   * those without an id among them, in declaration order; what an id function threw is its cause.
   */
  failWith(bound: InvocationBindings, observer: Observer, resolve: () => unknown): never | Promise<never> {
    const idFailures = bound.failures.map(({ binding, failure }) => {
      observer.emit('error', binding, 0, failure.code)
      return failureOf(binding, failure)
    })
    const thrown = bound.failures.find((failure) => 'thrown' in failure)
    const rankOf = ({ key, field }: RegistryFailure) => this.rank.get(field === undefined ? key : `${key}.${field}`) ?? 0
    const fail = (error?: unknown): never => {
      if (error !== undefined && !(error instanceof RegistryError)) throw error
      const failures = [...idFailures, ...(error?.failures ?? [])].sort((a, b) => rankOf(a) - rankOf(b))
      throw new RegistryError(failures, thrown ? { cause: thrown.thrown } : undefined)
    }
    if (bound.bindings.length === 0) return fail()
    let resolved: unknown
    try {
      resolved = resolve()
    } catch (error) {
      return fail(error)
    }
    return resolved instanceof Promise ? resolved.then(() => fail(), fail) : fail()
  }
}
