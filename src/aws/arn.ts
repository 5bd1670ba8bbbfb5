/** The parts of an AWS ARN that decide where a request must go. */
export interface ParsedArn {
  partition: string
  service: string
  region: string
  account: string
  resource: string
}

const ARN_PATTERN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/

export function parseArn(value: string): ParsedArn | undefined {
  const match = ARN_PATTERN.exec(value)
  if (!match) return undefined
  const [, partition, service, region, account, resource] = match as unknown as string[]
  return { partition: partition!, service: service!, region: region!, account: account!, resource: resource! }
}

/** The parameter name an SSM ARN points at: `parameter/a/b` is `/a/b`, `parameter/a` is `a`. */
export function parameterNameOf(arn: ParsedArn): string {
  const name = arn.resource.slice('parameter/'.length)
  return name.includes('/') ? `/${name}` : name
}
