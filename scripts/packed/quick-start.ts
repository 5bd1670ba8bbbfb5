// The tour of every reference kind (docs/reference-kinds.md) as a TypeScript user writes it against the installed package:
// every value is typed from its declaration (the @ts-expect-error lines fail if a type
// widens to `any`).
import middy from '@middy/core'
import { type RegistryContext, RegistryError, registry, secret, ssm } from 'middy-registry'

const orders = registry({
  fetch: {
    ordersUrl: ssm('/orders/prod/endpoint'),
    hosts: ssm.list('/orders/prod/hosts'),
    limits: ssm.json<{ rps: number }>('/orders/prod/limits'),
    features: ssm.path('/features/prod/'),
    fallback: ssm('/orders/prod/fallback', { optional: true }),
    ordersKey: secret('orders/prod/api-key'),
    db: secret.json<{ user: string; password: string }>('db/prod'),
    cert: secret.binary('tls/cert'),
  },
})

export const handler = middy<{ orderId: string }>()
  .use(orders)
  .handler(async (event, context) => {
    const url: string = `${context.ordersUrl}/orders/${event.orderId}`
    const hosts: string[] = context.hosts
    const rps: number = context.limits.rps
    const features: Record<string, string> = context.features
    const fallback: string | undefined = context.fallback
    const key: string = context.ordersKey
    const user: string = context.db.user
    const cert: Uint8Array = context.cert
    // @ts-expect-error a string is not a number
    const notANumber: number = context.ordersUrl
    // @ts-expect-error an optional value may be undefined
    const notOptional: string = context.fallback
    // @ts-expect-error only declared keys are on the context
    context.undeclared
    return { url, hosts, rps, features, fallback, key, user, cert, notANumber, notOptional }
  })

export function describeFailure(error: unknown): string[] {
  return error instanceof RegistryError ? error.failures.map(({ key, code }) => `${key}: ${code}`) : []
}

export type OrdersContext = RegistryContext<{ ordersUrl: ReturnType<typeof ssm> }>
