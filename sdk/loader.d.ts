/**
 * The shape of every source's SDK loader (sdk/*.node.js for Node.js, sdk/*.bundler.js for
 * bundlers): the client class and the commands the source sends, loaded once.
 */
export declare const loadSdk: () => Promise<Record<string, unknown>>
/** The same module when a bundle already holds it; undefined where it loads on demand. */
export declare const loadedSdk: Record<string, unknown> | undefined
