/** A secret as the CLI shows it unless asked otherwise: its length, never its characters. */
export const mask = (value: string): string => `**** (${value.length} character${value.length === 1 ? '' : 's'})`
