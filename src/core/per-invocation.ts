/**
 * Per-invocation ids: a reference may take a function of the invocation's request instead
 * of a fixed id, e.g. `secret((request) => \`tenants/${request.event.tenantId}/api-key\`)`.
 * The function runs once per invocation; what it returns is checked by the source's own
 * name check, as a fixed id is at declaration, and then read and cached like a fixed id.
 */
import type { Context } from 'aws-lambda'
import { InputError } from './problem.js'

/**
 * What a per-invocation id is computed from: the invocation's Middy request (its `event`
 * and `context`), or the request given to `values(request)` and `refresh(request, …)`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the event's type is the handler's; `any` lets an id function name it (`(request: InvocationRequest<OrderEvent>) => …`) or not.
export interface InvocationRequest<TEvent = any> {
  readonly event: TEvent
  readonly context: Context
}

/** A function of the invocation's request that returns an entry's id (`TId`: a name, or a DynamoDB key). */
// biome-ignore lint/suspicious/noExplicitAny: as above, the handler's event type.
export type IdFunction<TId = string, TEvent = any> = (request: InvocationRequest<TEvent>) => TId

/** Where a computed id points: the id, and an SSM selector (`:3`, `:live`; empty when none). */
export interface Located {
  readonly id: string
  readonly selector: string
}

/**
 * How a reference computes its id per invocation: the user's function, and the source's
 * check of what it returns (the same check as a fixed id's, throwing an InputError).
 */
export interface PerInvocationId {
  readonly compute: (request: InvocationRequest) => unknown
  readonly locate: (value: unknown) => Located
}

/** How errors and events name an id that is computed per invocation, before it is. */
export const PER_INVOCATION = '<per-invocation>'

/** The id function threw: the key fails with this code, and the thrown error is the RegistryError's cause. */
export const ID_FUNCTION_FAILED = 'IdFunctionFailed'
/** The id function returned what the source refuses (not a string, or a name AWS does not allow). */
export const INVALID_ID = 'InvalidId'

/**
 * A declared id, as a reference carries it: a fixed one checked now; a function kept with
 * the check to run on each of its results. `label` names the reference until then
 * (`bucket/<per-invocation>` for an S3 key computed per invocation).
 */
export function locateDeclared(
  value: unknown,
  locate: (value: unknown) => Located,
  label = PER_INVOCATION,
): Located & { readonly perInvocation?: PerInvocationId } {
  if (typeof value !== 'function') return locate(value)
  return { id: label, selector: '', perInvocation: { compute: value as PerInvocationId['compute'], locate } }
}

/** For the references whose location cannot be computed per invocation: a TypeError naming the caller. */
export function refusePerInvocation(caller: string, value: unknown): void {
  if (typeof value === 'function')
    throw new InputError(caller, 'takes no per-invocation location (a function of the request was given): declare it with a fixed one')
}
