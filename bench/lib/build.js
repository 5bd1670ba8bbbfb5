/**
 * Builds what the benchmark runs: middy-registry compiled from ../src to plain JS (what
 * `npm run build` publishes, without needing the repository's own dependencies), and
 * esbuild bundles of each handler for the size and import measurements.
 */

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { aliasesOf, middyMajorOf } from './middy-version.js'
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
    // Lambda's Node.js runtimes, the ones the package supports: 22 and 24.
    target: 'node22',
    logLevel: 'warning',
  })
}

// The SDK v3 that Lambda's Node.js runtimes provide: @aws-sdk/* and the @smithy/* it uses.
const SDK = ['@aws-sdk/*', '@smithy/*']
// ESM output may hold CommonJS code that calls require(): give it one.
const REQUIRE_SHIM = "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);"

/** The custom condition that gives bundlers the subset descriptors (sdk/*.subset.js). */
const SUBSET_CONDITION = 'middy-registry-sdk-subset'

// The SDK packages a function installs by name; their own dependencies come with them.
const SDK_PACKAGE = /^@aws-sdk\/(client-[a-z0-9-]+|[a-z0-9-]+-signer)$/

/**
 * Every package the subset descriptors import statically: what a function built with the
 * subset condition must have installed, whatever it declares. STS is not among them (it is
 * always an import() with a .catch(), needed only for roles).
 */
function subsetPackages() {
  const sdkDir = `${sourceDir}../sdk/`
  const sources = readdirSync(sdkDir)
    .filter((file) => file.endsWith('.subset.js'))
    .map((file) => readFileSync(`${sdkDir}${file}`, 'utf8'))
  return [...new Set(sources.flatMap((source) => [...source.matchAll(/from '(@aws-sdk\/[^']+)'/g)].map(([, name]) => name)))]
}

/**
 * The SDK packages a function has installed, and only those. bench/node_modules holds every
 * client the subset build needs, more than a function built with the default descriptors
 * installs (only the clients it uses), and esbuild would also find packages in the
 * repository's node_modules above it: the import() of a package not installed, which the
 * default descriptors' .catch() lets a bundler leave for run time, is left external here.
 */
const installedOnly = (installed) => ({
  name: 'installed-sdk-packages-only',
  setup(builder) {
    builder.onResolve({ filter: SDK_PACKAGE }, ({ path }) => {
      if (!installed.includes(path)) return { path, external: true }
      if (existsSync(`${benchDir}node_modules/${path}/package.json`)) return undefined
      return { errors: [{ text: `${path} is not installed in bench/node_modules: npm install --prefix bench -D ${path}` }] }
    })
  },
})

// Which bundled modules are a library's own code (ours compiled into .build/registry/).
const LIBRARY_PATHS = {
  registry: /\.build\/registry\//,
  middy: /node_modules\/@middy(-\d)?\/(ssm|secrets-manager|util)\//,
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
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_SHIM },
    outfile,
    absWorkingDir: benchDir.replace(/\/$/, ''),
    logLevel: 'warning',
    metafile: true,
    // On Middy 5 or 6, @middy/* resolve to that major's installed aliases, as in the child processes.
    alias: aliasesOf(middyMajorOf([], process.env)),
    ...options,
  })
  // Input paths are relative to bench/: a package from the repository's node_modules
  // (../node_modules/) would measure versions the bench does not declare.
  const foreign = Object.keys(metafile.inputs).filter((path) => path.includes('node_modules/') && !path.startsWith('node_modules/'))
  if (foreign.length > 0) throw new Error(`${outfile} bundles packages from outside bench/node_modules: ${foreign.slice(0, 3).join(', ')}`)
  const bytes = readFileSync(outfile)
  return { bytes: bytes.length, gzip: gzipSync(bytes).length, metafile }
}

/** A library's own code, every export of it: minified, with the SDK and @middy/core left out. */
export async function bundleLibrary(name, contents) {
  const { bytes, gzip } = await bundle(
    { stdin: { contents, resolveDir: benchDir, loader: 'ts', sourcefile: `${name}.ts` }, external: [...SDK, '@middy/core', '@middy-5/core', '@middy-6/core'] },
    `${buildDir}library/${name}.js`,
  )
  return { bytes, gzip }
}

/**
 * How a handler's bundle gets the SDK: left to Lambda's runtime (`external`), bundled as
 * the package gives it to bundlers by default (`bundled`: each client's whole package, only
 * the clients the function uses installed), or bundled with the subset condition (`subset`:
 * only the commands our sources send, every client the package knows installed).
 */
const SDK_BUILDS = {
  external: () => ({ external: SDK }),
  bundled: (clients) => ({ plugins: [installedOnly(clients)] }),
  // With custom conditions, esbuild no longer adds "module" of itself.
  subset: () => ({ conditions: [SUBSET_CONDITION, 'module'], plugins: [installedOnly(subsetPackages())] }),
}

/**
 * A handler module with everything it imports, in one of the `SDK_BUILDS`; `clients` are
 * the SDK packages the handler uses. With the bytes of it that are the library's own code.
 */
export async function bundleHandler(handler, { sdk, library, clients }) {
  const outfile = `${buildDir}bundles/${sdk}/${handler}.js`
  const { metafile, ...size } = await bundle({ entryPoints: [`${benchDir}handlers/${handler}.js`], ...SDK_BUILDS[sdk](clients) }, outfile)
  return { ...size, libraryBytes: libraryBytesOf(metafile, library), outfile }
}
