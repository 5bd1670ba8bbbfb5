/**
 * `middy-registry/publish`: the write side's API for a deploy step, apart from the
 * middleware so that a function's bundle never holds the publisher.
 */

export { PublishInputError } from '../../core/problem.js'
export type { SnapshotLocation } from '../engine/snapshot.js'
export { PublishError } from '../store/publish-error.js'
export { type PublishResult, type PublishServiceOptions, publishService } from './publish.js'
