/**
 * The integration tests' Node environment, plus one thing: an unhandled rejection is also
 * emitted as `unhandledRejection` on the test's own `process`. Jest gives each test file a
 * copy of `process` that Node never emits to (Node's events reach Jest's handlers on the
 * real one), so without this a test's `process.on('unhandledRejection')` never fires.
 */
import { TestEnvironment } from 'jest-environment-node'

export default class FaultEnvironment extends TestEnvironment {
  handleTestEvent(event) {
    // jest-circus turns Node's unhandledRejection into an `error` event that carries the promise.
    if (event.name === 'error' && event.promise) this.global.process.emit('unhandledRejection', event.error, event.promise)
  }
}
