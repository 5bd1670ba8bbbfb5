/**
 * `middy-registry/testing`: run handlers that use `registry()` in unit tests with values
 * supplied by the test, without AWS and without mocking the SDK.
 *
 * Importing this module switches the process to test mode: registries created from then on
 * do not prefetch, and every registry answers only from stubs; a key without a stub fails
 * with code `NotStubbed`, so a test can never reach AWS by accident. Import it before the
 * module that creates your handler.
 */
import { bumpCacheGeneration } from '../cache/store.js'
import type { Reference } from '../core/reference.js'
import { testMode } from '../registry/test-mode.js'
import type { FetchMap, RegistryMiddleware, RegistryValues } from '../registry/types.js'
import { type StubbedFailure, stubbedProperties, stubKeyOf, stubState } from './stubs.js'

export type { StubbedFailure }

testMode.stubbed = stubbedProperties

/** Values for some keys of a registry, typed from its map; any key may be a stubbed failure. */
export type StubValues<F extends FetchMap> = { [K in keyof F]?: RegistryValues<F>[K] | StubbedFailure }

/** A failure with AWS's error code, e.g. `failure('AccessDeniedException')`. */
export function failure(code: string, message = `${code} (stubbed)`): StubbedFailure {
  return Object.freeze({ stubbedFailure: true, code, message })
}

/**
 * An entry that does not exist: optional references resolve to `undefined`, others fail
 * as AWS reports it (`ParameterNotFound` for SSM, `ResourceNotFoundException` for secrets,
 * `ServiceNotFound` for Cloud Map, `ItemNotFound` for DynamoDB).
 */
export function missing(): StubbedFailure {
  return Object.freeze({ stubbedFailure: true, message: 'no such entry (stubbed)' })
}

/** Gives a registry's keys their test values (merged with earlier stubs of that registry). */
export function stubRegistry<F extends FetchMap>(middleware: RegistryMiddleware<F>, values: StubValues<F>): void {
  let byKey = stubState.byRegistry.get(middleware)
  if (!byKey) stubState.byRegistry.set(middleware, (byKey = new Map()))
  for (const [key, value] of Object.entries(values)) byKey.set(key, value)
  bumpCacheGeneration()
}

/**
 * Gives a reference its test value in every registry that declares it (same source, id
 * and selector; for a DynamoDB item, the same attribute), for handlers whose registry
 * object the test cannot reach. For a reference whose id is computed per invocation, stub
 * each id it computes (`stubReference(secret('tenants/acme/api-key'), …)`), or its key with
 * stubRegistry().
 */
export function stubReference<T>(reference: Reference<T>, value: T | StubbedFailure): void {
  if (reference.perInvocation)
    throw new TypeError(
      "stubReference(): this reference computes its id per invocation, so it has no one id to stub: stub the ids it computes (stubReference(secret('tenants/acme/api-key'), …)), or its key with stubRegistry()",
    )
  stubState.byReference.set(stubKeyOf(reference), value)
  bumpCacheGeneration()
}

/** Forgets every stub (typically in `afterEach`); test mode stays on. */
export function resetRegistryStubs(): void {
  stubState.byRegistry = new WeakMap()
  stubState.byReference.clear()
  bumpCacheGeneration()
}
