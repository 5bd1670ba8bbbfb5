/** A plain object as JSON has them: not null, not an array (the one check every layer uses). */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
