/** A plain object as JSON has them: not null, not an array (the one check every layer uses). */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** How a local registry file holds text: a string as it is, an array as a StringList, anything else as its JSON. */
export const storedText = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : JSON.stringify(value))
