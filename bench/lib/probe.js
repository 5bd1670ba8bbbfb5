/**
 * The child side of a measurement: each scenario run is a fresh Node process that reads
 * its configuration from argv, measures, and prints one JSON line for the parent.
 */

import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** Marks the result line among whatever a library may print. */
export const RESULT_MARKER = '@@bench-result '

export const benchDir = fileURLToPath(new URL('..', import.meta.url))

/** The JSON configuration the parent passed as the first argument. */
export function readConfig() {
  return JSON.parse(process.argv[2] ?? '{}')
}

/** Prints the result and ends the process: libraries' refresh timers would keep it alive. */
export function report(result) {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`, () => process.exit(0))
}

/** Milliseconds on the monotonic clock, with sub-microsecond resolution. */
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6

/** The handler module of a library: `full` declares parameters and secrets, `ssm` parameters only. */
export function handlerUrl(library, variant = 'full') {
  const file = variant === 'ssm' && library !== 'bare' && library !== 'floor' ? `${library}-ssm.js` : `${library}.js`
  return pathToFileURL(`${benchDir}handlers/${file}`).href
}

/** Resolves at the given epoch time (ms); the timeline scenarios start all children together. */
export const sleepUntil = (epochMs) => sleep(Math.max(0, epochMs - Date.now()))

/** Throws unless every declared value reached the context: a benchmark of a broken handler is worthless. */
export function assertValues(context, dataset) {
  for (const { key, value } of dataset.parameters) {
    if (context[key] !== value) throw new Error(`context.${key} was not injected (got ${typeof context[key]})`)
  }
  for (const { key, value } of dataset.secrets) {
    if (context[key] !== value) throw new Error(`context.${key} was not injected (got ${typeof context[key]})`)
  }
}

/** Counts unhandled rejections instead of crashing, so a scenario can report them per library. */
export function countUnhandledRejections() {
  const counter = { count: 0 }
  process.on('unhandledRejection', () => {
    counter.count++
  })
  return counter
}
