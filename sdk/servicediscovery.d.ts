/** The SDK client class and the commands a source sends, loaded once. */
export declare const loadSdk: () => Promise<Record<string, unknown>>
