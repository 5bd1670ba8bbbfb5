/**
 * Builds what the benchmark runs: middy-registry compiled from ../src to plain JS (what
 * `npm run build` publishes, without needing the repository's own dependencies), and
 * esbuild bundles of each handler for the size and import measurements.
 */

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { benchDir } from './probe.js'

export const buildDir = `${benchDir}.build/`
const sourceDir = `${benchDir}../src/`

/**
 * Compiles every module of ../src, one file each, into .build/registry/dist/, beside ../sdk
 * and a package.json that declares what the published one does (ESM, `sideEffects`,
 * `imports`), so that bundlers tree-shake the handlers as they would with the package from npm.
 */
export async function compileRegistry() {
  const { sideEffects, imports } = JSON.parse(readFileSync(`${sourceDir}../package.json`, 'utf8'))
  // A fresh folder: a module deleted from src/ must not linger in the build.
  rmSync(`${buildDir}registry`, { recursive: true, force: true })
  mkdirSync(`${buildDir}registry`, { recursive: true })
  writeFileSync(`${buildDir}registry/package.json`, `${JSON.stringify({ type: 'module', sideEffects, imports }, null, 2)}\n`)
  // The SDK loaders, which the package's "#sdk/*" imports pick per runtime (Node.js or a bundler).
  cpSync(`${sourceDir}../sdk`, `${buildDir}registry/sdk`, { recursive: true })
  await build({
    entryPoints: [`${sourceDir}**/*.ts`],
    outbase: sourceDir,
    outdir: `${buildDir}registry/dist`,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  })
}

// The SDK v3 that Lambda's Node.js runtimes provide: @aws-sdk/* and the @smithy/* it uses.
const SDK = ['@aws-sdk/*', '@smithy/*']
// ESM output may hold CommonJS code that calls require(): give it one.
const REQUIRE_SHIM = "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);"

/**
 * ../src imports every optional SDK client it may use (by literal dynamic import). A user
 * who bundles the SDK installs only the clients the function uses and marks the others
 * external; so does this plugin, resolving from bench/node_modules alone.
 */
const uninstalledClientsExternal = {
  name: 'uninstalled-sdk-clients-external',
  setup(builder) {
    builder.onResolve({ filter: /^@aws-sdk\/client-/ }, ({ path }) =>
      existsSync(`${benchDir}node_modules/${path}/package.json`) ? undefined : { path, external: true },
    )
  },
}

// Which bundled modules are a library's own code (ours compiled into .build/registry/).
const LIBRARY_PATHS = {
  registry: /\.build\/registry\//,
  middy: /node_modules\/@middy\/(ssm|secrets-manager|util)\//,
  powertools: /node_modules\/@aws-lambda-powertools\//,
}

/** Bytes of the bundle that come from the library's own modules. */
const libraryBytesOf = (metafile, library) =>
  Object.entries(Object.values(metafile.outputs)[0].inputs)
    .filter(([path]) => LIBRARY_PATHS[library]?.test(path))
    .reduce((total, [, input]) => total + input.bytesInOutput, 0)

/** One minified bundle; resolves to its size in bytes, raw and gzipped, and its metafile. */
async function bundle(options, outfile) {
  const { metafile } = await build({
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_SHIM },
    outfile,
    logLevel: 'warning',
    plugins: [uninstalledClientsExternal],
    metafile: true,
    ...options,
  })
  const bytes = readFileSync(outfile)
  return { bytes: bytes.length, gzip: gzipSync(bytes).length, metafile }
}

/** A library's own code, every export of it: minified, with the SDK and @middy/core left out. */
export async function bundleLibrary(name, contents) {
  const { bytes, gzip } = await bundle(
    { stdin: { contents, resolveDir: benchDir, loader: 'ts', sourcefile: `${name}.ts` }, external: [...SDK, '@middy/core'] },
    `${buildDir}library/${name}.js`,
  )
  return { bytes, gzip }
}

/**
 * A handler module with everything it imports, the SDK bundled in or left external; with
 * the bytes of it that are the library's own code.
 */
export async function bundleHandler(handler, { sdkBundled, library }) {
  const outfile = `${buildDir}bundles/${sdkBundled ? 'sdk-bundled' : 'sdk-external'}/${handler}.js`
  const { metafile, ...size } = await bundle({ entryPoints: [`${benchDir}handlers/${handler}.js`], external: sdkBundled ? [] : SDK }, outfile)
  return { ...size, libraryBytes: libraryBytesOf(metafile, library), outfile }
}
