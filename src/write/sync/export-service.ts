/** How export writes a service's endpoint: as the file accepts it, or not at all. */
import { checkEndpointAt } from '../../registry-file/check-values.js'
import { placedProblem } from '../../registry-file/path-text.js'
import { RegistryFileError } from '../../registry-file/problem.js'

/** A service's entry: an endpoint the file accepts, or undefined (with a warning) for one it would refuse. */
export function serviceEntry(endpoint: string, warnings: string[], where: string): { endpoint: string; allowInsecure?: true } | undefined {
  try {
    // The same check as reading the file, so that an exported file always reads back.
    checkEndpointAt(endpoint, [], true)
  } catch (error) {
    if (!(error instanceof RegistryFileError)) throw error
    warnings.push(`${where} ${placedProblem(error)}, so its service is left out (export its path to keep it as a parameter)`)
    return undefined
  }
  return endpoint.startsWith('https:') ? { endpoint } : { endpoint, allowInsecure: true }
}
