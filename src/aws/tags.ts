/** AWS resource tags, as every list call answers them. */
export type Tag = { Key?: string; Value?: string }

/** The one tag reader: AWS's list as a record, without the tags AWS reserves (`aws:`), which nobody can write. */
export const tagsOf = (list: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).filter(({ Key = '' }) => !Key.toLowerCase().startsWith('aws:')).map(({ Key = '', Value = '' }) => [Key, Value]))
