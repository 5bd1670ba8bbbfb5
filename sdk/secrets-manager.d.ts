/** The SDK client class and the commands a source sends, loaded once. */
export declare const loadSdk: () => Promise<Record<string, unknown>>
/** The same, when it is already loaded (bundled); undefined when it loads on demand. */
export declare const loadedSdk: Record<string, unknown> | undefined
