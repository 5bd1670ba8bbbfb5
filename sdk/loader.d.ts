/**
 * The SDK descriptor of one AWS service (sdk/*.node.js for Node.js, sdk/*.bundler.js for
 * bundlers, picked by the package's "#sdk/*" imports): which package and client class, how
 * to load it, and whether it may be loaded synchronously within Lambda init.
 */
export declare const sdk: {
  readonly service: string
  readonly package: string
  /** The client class's export name, e.g. `SSMClient`. */
  readonly client: string
  /** The key of registry()'s `clients` option that takes a client of your own for it, e.g. `secretsManager`. */
  readonly option?: string
  /** The client class and the commands the source sends (Node.js: the whole package), loaded once. */
  readonly load: () => Promise<Record<string, unknown>>
  /** A bundler's: the module the bundle already holds. */
  readonly loaded?: Record<string, unknown>
  /** Node.js's: require() of the package gives the very module import() would. */
  readonly loadsSynchronously?: boolean
}
