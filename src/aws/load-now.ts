/**
 * Loading an SDK client during Lambda init without top-level await. Sources import their
 * client with `import()`, so that a function loads only the clients it declares; but an
 * `import()` started during init finishes after it, and the first invocation then waits
 * for the SDK to load (100 ms and more) before its prefetched values. `require()` of the
 * same package is synchronous, so a prefetch can load the client within init instead.
 *
 * That is only sound where `require()` yields the very module `import()` would: the SDK's
 * packages are CommonJS with no `exports` map, which Node.js loads through one module
 * cache either way. It is not where a bundler has rewritten the `import()` to load a
 * bundled copy of the SDK: then `require()` would load a second one, from the runtime.
 * A bundler picks sdk/*.bundler.js (the "module" condition), whose loader is no import()
 * at all, and a bundler that inlines the SDK behind an import() replaces the expression,
 * so the loader's source text tells which case this is.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

type Importer = () => Promise<unknown>

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** Whether `importer` is still a native dynamic import of `specifier`, as written in the source. */
export function importsNatively(importer: Importer, specifier: string): boolean {
  return new RegExp(`\\bimport\\(\\s*["'\`]${escaped(specifier)}["'\`]\\s*\\)`).test(String(importer))
}

// Where both resolvers exist, they must agree on the file (an `exports` map could send
// import() to an ES module build that require() does not see).
function resolvesAlike(specifier: string, requireHere: NodeJS.Require): boolean {
  const resolveEsm = (import.meta as { resolve?: (specifier: string) => string }).resolve
  if (typeof resolveEsm !== 'function') return true
  return resolveEsm(specifier) === pathToFileURL(requireHere.resolve(specifier)).href
}

/**
 * The package `importer` imports, loaded synchronously; undefined where that is not
 * sound or not possible (not installed, a CommonJS bundle without `import.meta`), so the
 * caller falls back to the importer.
 */
export function loadNow<T>(importer: Importer, specifier: string): T | undefined {
  if (!importsNatively(importer, specifier)) return undefined
  try {
    const requireHere = createRequire(import.meta.url)
    return resolvesAlike(specifier, requireHere) ? (requireHere(specifier) as T) : undefined
  } catch {
    return undefined
  }
}
